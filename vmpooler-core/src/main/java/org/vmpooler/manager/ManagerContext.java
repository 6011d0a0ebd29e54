package org.vmpooler.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.RedisConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.manager.clone.ManagerCloneSlots;
import org.vmpooler.manager.exec.ProviderCalls;
import org.vmpooler.manager.exec.VmGuard;
import org.vmpooler.manager.lease.FencedWrites;
import org.vmpooler.manager.lease.PoolOwnership;
import org.vmpooler.manager.reliability.DeadLetterQueue;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.OndemandRequests;
import org.vmpooler.store.Operations;
import org.vmpooler.store.PoolSettings;
import org.vmpooler.store.Store;
import org.vmpooler.store.VmLifecycle;
import org.vmpooler.store.VmQueues;

/**
 * What every part of the manager works with: configuration, the store, metrics, time, providers, DNS records, the
 * bounded provider-call runner, the per-VM guard, and the identity of this vmpooler instance that new VMs are
 * labelled with ({@link org.vmpooler.provider.VmLabels}), which pools this manager owns among the managers on the
 * store and the writes it makes under those leases. Time comes only from {@link #clock}. The parts reach the
 * store through the aggregate they work on ({@link #vms}, {@link #lifecycle}, …), so what each part may change
 * shows where it is called; {@link #store} is for wiring and the leases.
 */
public record ManagerContext(VmpoolerConfig config, Store store, Metrics metrics, Clock clock, ProviderLookup providers,
                             DnsRecords dns, ProviderCalls calls, VmGuard guard, DeadLetterQueue deadLetters,
                             InstanceIdentity instance, PoolOwnership ownership, FencedWrites fenced,
                             ManagerCloneSlots cloneSlots) {

    /** The reference's default {@code data_ttl} when no {@code :redis:} section sets one. */
    public static final Duration DEFAULT_DATA_TTL = Duration.ofHours(168);

    public VmQueues vms() {
        return store;
    }

    public VmLifecycle lifecycle() {
        return store;
    }

    public PoolSettings poolSettings() {
        return store;
    }

    public OndemandRequests ondemand() {
        return store;
    }

    public Operations operations() {
        return store;
    }

    public Instant now() {
        return clock.instant();
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    public LocalDate today() {
        return RubyTime.day(now(), zone());
    }

    /** A timestamp in the reference's VM-hash format. */
    public String stamp(Instant instant) {
        return RubyTime.format(instant, zone());
    }

    /** How long records of finished VMs and requests are kept. */
    public Duration dataTtl() {
        return config.redis().map(RedisConfig::dataTtl).orElse(DEFAULT_DATA_TTL);
    }

    public PoolConfig pool(String name) {
        return config.pool(name).orElseThrow(() -> new IllegalArgumentException("pool '" + name + "' is not configured"));
    }

    public Optional<DnsConfig> dnsConfig(String pool) {
        return config.pool(pool).map(p -> config.dnsConfigs().get(p.dnsPlugin()));
    }

    /** What new VM names of the pool start with: its {@code name_prefix}, else the global {@code prefix}. */
    public String namePrefix(String pool) {
        return config.pool(pool).flatMap(p -> p.settings().string("name_prefix"))
                .orElse(config.global().provisioning().prefix());
    }

    public String domain(String pool) {
        return config.domainFor(pool).orElse("");
    }
}
