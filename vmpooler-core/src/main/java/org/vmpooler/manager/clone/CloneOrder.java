package org.vmpooler.manager.clone;

/** One VM to clone: for a pool's stock, or for a line of an on-demand request ({@code requestId} and alias set). */
public record CloneOrder(String pool, String requestId, String alias) {

    public static CloneOrder forPool(String pool) {
        return new CloneOrder(pool, null, null);
    }

    public static CloneOrder ondemand(String pool, String requestId, String alias) {
        return new CloneOrder(pool, requestId, alias);
    }

    public boolean ondemand() {
        return requestId != null;
    }

    public String describe() {
        return ondemand() ? "for on-demand request " + requestId : "for the pool";
    }
}
