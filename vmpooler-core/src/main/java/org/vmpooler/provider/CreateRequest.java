package org.vmpooler.provider;

import java.util.Objects;
import java.util.Optional;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.Settings;

/**
 * Everything a provider needs to create one VM, so that it never reads global state: the pool and the VM's name,
 * the template and clone target in force (runtime overrides such as {@code /config/pooltemplate} applied, else the
 * pool's configuration, else the global {@code clone_target}), the pool's own keys for provider-specific settings
 * ({@code folder}, {@code zone}, {@code machine_type} …), and the labels the VM must carry.
 */
public record CreateRequest(String pool, String vm, String template, Optional<String> cloneTarget,
                            Settings poolSettings, VmLabels labels) {
    public CreateRequest {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(cloneTarget, "cloneTarget");
        Objects.requireNonNull(poolSettings, "poolSettings");
        Objects.requireNonNull(labels, "labels");
    }

    /** From a pool's effective configuration, falling back to the global clone target. */
    public static CreateRequest of(PoolConfig pool, String vm, Optional<String> globalCloneTarget, VmLabels labels) {
        return new CreateRequest(pool.name(), vm, pool.template(), pool.cloneTarget().or(() -> globalCloneTarget),
                pool.settings(), labels);
    }
}
