package org.vmpooler.manager.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.PoolCycle;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.manager.ProviderLookup;
import org.vmpooler.manager.clone.NameResolver;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/**
 * A pool manager on a manual clock with a scripted provider, driven pass by pass: each step runs a pass and waits
 * until its provider calls (clones, destroys) have finished, so tests read settled state.
 */
public final class ManagerHarness implements AutoCloseable {

    public final MutableClock clock = clockAt("2026-03-19T12:00:00Z");
    public final ScriptedProvider provider = new ScriptedProvider("scripted", clock);
    public final RecordingMetrics metrics = new RecordingMetrics();
    public final Store store;
    public final PoolManager manager;
    /** The providers as the manager sees them when built {@link #throughRegistry}; else null. */
    public final ProviderRegistry registry;

    public ManagerHarness(VmpoolerConfig config, Function<MutableClock, Store> stores) {
        this(config, stores, NameResolver.system(), null);
    }

    public ManagerHarness(VmpoolerConfig config, Function<MutableClock, Store> stores, NameResolver resolver, DnsPlugin dns) {
        this(config, stores, resolver, dns, null);
    }

    private ManagerHarness(VmpoolerConfig config, Function<MutableClock, Store> stores, NameResolver resolver,
                           DnsPlugin dns, UnaryOperator<Provider> wrap) {
        this.store = stores.apply(clock);
        this.registry = wrap == null ? null : ProviderRegistry.load(config, metrics, clock,
                List.of(new Factory(wrap.apply(provider))));
        ProviderLookup lookup = registry == null ? pool -> provider : registry::forPool;
        this.manager = PoolManager.builder(config, store).clock(clock).metrics(metrics).providers(lookup)
                .dns(pool -> Optional.ofNullable(dns)).resolver(resolver).sleeper(clock::advance)
                .shutdownGrace(Duration.ofSeconds(5)).build();
    }

    /**
     * The manager sees the scripted provider as it sees a real one: through the registry's deadlines and circuit
     * breaker, with {@code wrap} (e.g. a fault injector) between the registry and the scripted provider.
     */
    public static ManagerHarness throughRegistry(VmpoolerConfig config, Function<MutableClock, Store> stores,
                                                 UnaryOperator<Provider> wrap) {
        return new ManagerHarness(config, stores, NameResolver.system(), null, wrap);
    }

    /** {@code provider_class: scripted}, as {@link TestConfig} configures it, serving the given instance. */
    private record Factory(Provider instance) implements ProviderFactory {
        @Override
        public String providerClass() {
            return "scripted";
        }

        @Override
        public Provider create(ProviderContext context) {
            return instance;
        }

        @Override
        public Class<ScriptedProvider> providerType() {
            return ScriptedProvider.class;
        }
    }

    public static MutableClock clockAt(String iso) {
        return new MutableClock(Instant.parse(iso), ZoneId.of("UTC"));
    }

    public PoolCycle.Result cycle(String pool) {
        try {
            PoolCycle.Result result = manager.runCycle(pool);
            settle();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int ondemand() {
        int work = manager.runOndemand();
        settle();
        return work;
    }

    public void settle() {
        try {
            // Generous: a loaded CI machine can stall the provider threads for seconds; an idle one returns at once.
            if (!manager.awaitIdle(Duration.ofSeconds(60))) {
                throw new IllegalStateException("provider calls did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void advance(Duration d) {
        clock.advance(d);
    }

    public long count(String pool, VmState state) {
        return store.count(pool, state);
    }

    public String only(String pool, VmState state) {
        var vms = store.vms(pool, state);
        if (vms.size() != 1) {
            throw new AssertionError("expected exactly one " + state.wireName() + " VM in " + pool + ", found " + vms);
        }
        return vms.iterator().next();
    }

    @Override
    public void close() {
        manager.close();
        store.close();
    }
}
