package org.vmpooler.provider;

import java.util.Objects;
import java.util.Optional;

import org.vmpooler.config.PoolConfig;

/**
 * What a new VM is cloned from: the pool's template and clone target in force at that moment — runtime
 * overrides ({@code /config/pooltemplate}, {@code /config/clonetarget}) applied, else the pool's configuration,
 * else the global {@code clone_target}.
 */
public record CloneSpec(String template, Optional<String> cloneTarget) {
    public CloneSpec {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(cloneTarget, "cloneTarget");
    }

    /** From a pool's effective configuration, falling back to the global clone target. */
    public static CloneSpec of(PoolConfig pool, Optional<String> globalCloneTarget) {
        return new CloneSpec(pool.template(), pool.cloneTarget().or(() -> globalCloneTarget));
    }
}
