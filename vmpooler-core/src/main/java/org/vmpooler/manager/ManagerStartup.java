package org.vmpooler.manager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.PublishedPools;
import org.vmpooler.provider.capability.ResourcePurge;

/**
 * What a manager does once before its loops start: make sure it does not fight another manager, zero the
 * clone-slot counters and the in-flight migration set when no other manager runs (no clone or migration of a
 * previous run can still be going on), publish the pools for API processes that run without a pool list, drop the
 * pending VMs of clones a previous run did not finish (with leases, each pool's new owner does that), and let
 * providers purge resources that belong to no configured pool.
 */
public final class ManagerStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerStartup.class);

    private static final Duration WAIT_STEP = Duration.ofMillis(500);

    private final ManagerContext ctx;

    public ManagerStartup(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void run() {
        List<String> others = otherManagers();
        if (others.isEmpty()) {
            ctx.store().resetCloneSlots();
            ctx.operations().clearMigrations();
        } else {
            LOG.info("[*] {} other manager(s) run on this store ({}); the clone-slot counters and in-flight "
                    + "migrations are theirs too and are kept", others.size(), others);
        }
        Map<String, Map<String, String>> published = PublishedPools.of(ctx.config());
        ctx.poolSettings().publishPools(published);
        LOG.info("[*] published {} pool(s): {}", published.size(), published.keySet());
        if (!ctx.ownership().leasing()) {
            InterruptedClones interrupted = new InterruptedClones(ctx);
            ctx.config().pools().forEach(pool -> interrupted.drop(pool.name()));
        }
        purgeUnconfiguredResources();
    }

    /**
     * The other live managers. Without leases there must be none: a manager that stopped without a goodbye
     * (killed) is given one announcement TTL to disappear, then this one refuses to start rather than fight it.
     */
    private List<String> otherManagers() {
        List<String> others = ctx.ownership().otherLiveManagers();
        if (ctx.ownership().leasing() || others.isEmpty()) {
            return others;
        }
        Duration ttl = ctx.ownership().settings().ttl();
        LOG.warn("[!] manager_leases is off and manager(s) {} announced themselves on this store; waiting up to {}s "
                + "for them to go", others, ttl.toSeconds());
        long deadline = System.nanoTime() + ttl.plusSeconds(1).toNanos();
        while (!others.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(WAIT_STEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            others = ctx.ownership().otherLiveManagers();
        }
        if (!others.isEmpty()) {
            throw new ManagerConflictException("another pool manager (" + String.join(", ", others)
                    + ") is running on this store and manager_leases is off: two managers would clone and destroy "
                    + "each other's VMs. Stop it, or set manager_leases: true on every manager so they share "
                    + "the pools");
        }
        return others;
    }

    private void purgeUnconfiguredResources() {
        for (ProviderConfig provider : ctx.config().providers().values()) {
            boolean enabled = provider.purgeUnconfiguredResources();
            Optional<String> anyPool = ctx.config().pools().stream().filter(p -> p.provider().equals(provider.name()))
                    .map(PoolConfig::name).findFirst();
            if (!enabled || anyPool.isEmpty()) {
                continue;
            }
            var instance = ctx.providers().forPool(anyPool.get());
            Optional<ResourcePurge> purge = instance.capability(ResourcePurge.class);
            if (purge.isEmpty()) {
                LOG.warn("[!] provider {} cannot purge unconfigured resources (its class offers no purge); "
                        + "purge_unconfigured_resources ignored", provider.name());
                continue;
            }
            ctx.calls().submit(instance.name(), () -> {
                LOG.info("[*] provider {} purging unconfigured resources (allow-list {})", provider.name(),
                        provider.resourcesAllowlist());
                try {
                    purge.get().purgeUnconfiguredResources(provider.resourcesAllowlist());
                } catch (RuntimeException e) {
                    LOG.error("[!] provider {} failed to purge unconfigured resources: {}", provider.name(), e.toString());
                }
            });
        }
    }
}
