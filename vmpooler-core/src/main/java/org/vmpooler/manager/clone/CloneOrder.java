package org.vmpooler.manager.clone;

import java.util.Optional;

/**
 * One VM to clone: for a pool's stock, or for a line of an on-demand request ({@code requestId} and alias set,
 * and the requesting token's {@code user} when there was one, for the VM's labels). {@code named} runs once the VM
 * has its name in pending, where the pool counts it from then on.
 */
public record CloneOrder(String pool, String requestId, String alias, Optional<String> user, Runnable named) {

    private static final Runnable NOTHING = () -> { };

    public static CloneOrder forPool(String pool, Runnable named) {
        return new CloneOrder(pool, null, null, Optional.empty(), named);
    }

    public static CloneOrder ondemand(String pool, String requestId, String alias, Optional<String> user) {
        return new CloneOrder(pool, requestId, alias, user, NOTHING);
    }

    public boolean ondemand() {
        return requestId != null;
    }

    public String describe() {
        return ondemand() ? "for on-demand request " + requestId : "for the pool";
    }
}
