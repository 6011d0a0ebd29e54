package org.vmpooler.manager.clone;

/**
 * One VM to clone: for a pool's stock, or for a line of an on-demand request ({@code requestId} and alias set).
 * {@code named} runs once the VM has its name in pending, where the pool counts it from then on.
 */
public record CloneOrder(String pool, String requestId, String alias, Runnable named) {

    private static final Runnable NOTHING = () -> { };

    public static CloneOrder forPool(String pool, Runnable named) {
        return new CloneOrder(pool, null, null, named);
    }

    public static CloneOrder ondemand(String pool, String requestId, String alias) {
        return new CloneOrder(pool, requestId, alias, NOTHING);
    }

    public boolean ondemand() {
        return requestId != null;
    }

    public String describe() {
        return ondemand() ? "for on-demand request " + requestId : "for the pool";
    }
}
