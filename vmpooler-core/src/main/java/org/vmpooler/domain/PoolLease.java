package org.vmpooler.domain;

/**
 * One manager's hold on one pool: granted with a fencing token higher than any the pool had before, so a write
 * carrying an older token (from a manager that was paused past its lease) can be told apart and refused.
 */
public record PoolLease(String pool, String manager, long token) {

    /** What the store keeps under the pool's lease key while this lease is in force. */
    public String holder() {
        return manager + "#" + token;
    }

    /** The manager id of a stored holder value. */
    public static String managerOf(String holder) {
        int hash = holder.lastIndexOf('#');
        return hash < 0 ? holder : holder.substring(0, hash);
    }
}
