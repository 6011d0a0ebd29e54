package org.vmpooler.manager.pool;

import java.util.Optional;

import org.vmpooler.config.PoolConfig;

/**
 * The pool's configuration as currently in force in this manager: the file's values with the API's runtime
 * overrides applied (template, size, clone target). Read by the repopulator and the template preparation; written
 * only by the pool's own worker.
 */
public final class PoolState {

    private final PoolConfig configured;
    private volatile String template;
    private volatile int size;
    private volatile Optional<String> cloneTarget;

    public PoolState(PoolConfig configured) {
        this.configured = configured;
        this.template = configured.template();
        this.size = configured.size();
        this.cloneTarget = configured.cloneTarget();
    }

    public String name() {
        return configured.name();
    }

    public PoolConfig configured() {
        return configured;
    }

    /** The configuration with the overrides in force, as providers should see it. */
    public PoolConfig effective() {
        PoolConfig c = configured;
        return new PoolConfig(c.name(), c.aliases(), template, size, c.provider(), c.dnsPlugin(), cloneTarget,
                c.timeout(), c.timeoutNotification(), c.readyTtl(), c.loopDelay(), c.checkHostnameForMismatch(),
                c.settings(), c.readyCheck());
    }

    public String template() {
        return template;
    }

    public void template(String template) {
        this.template = template;
    }

    public int size() {
        return size;
    }

    public void size(int size) {
        this.size = size;
    }

    public Optional<String> cloneTarget() {
        return cloneTarget;
    }

    public void cloneTarget(Optional<String> cloneTarget) {
        this.cloneTarget = cloneTarget;
    }
}
