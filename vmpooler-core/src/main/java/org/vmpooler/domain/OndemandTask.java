package org.vmpooler.domain;

/**
 * A clone task of the on-demand queue ({@code vmpooler__odcreate__task}), member
 * {@code <alias>:<pool>:<count>:<request id>}. Normal tasks are scored with their creation epoch; retries
 * with 1 so they sort first.
 */
public record OndemandTask(String alias, String pool, int count, String requestId, double score) {

    public static final double RETRY_SCORE = 1;

    public String member() {
        return alias + ":" + pool + ":" + count + ":" + requestId;
    }

    /** Parses a member; the request id is everything after the third ':'. */
    public static OndemandTask parse(String member, double score) {
        String[] parts = member.split(":", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("malformed on-demand task '" + member + "'");
        }
        try {
            return new OndemandTask(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3], score);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed count in on-demand task '" + member + "'", e);
        }
    }
}
