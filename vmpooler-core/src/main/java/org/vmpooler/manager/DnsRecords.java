package org.vmpooler.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.VmQueues;

/**
 * The manager's DNS calls. A DNS failure never fails a clone or a destroy (the reference failed the clone, and
 * lost the delete): the change is logged, counted as {@code vmpooler_errors.dns_update_failed.<pool>} and kept
 * to be retried with a growing delay ({@code retry_delay_min} to {@code retry_delay_max} of the DNS config)
 * until the server takes it. While a DNS config has changes waiting, new ones queue behind them, so a server
 * that is down costs one timeout per retry pass instead of one per clone, and changes to one name are applied
 * in the order they were made (the last one wins). The queue lives in memory: a manager restart forgets it.
 */
public final class DnsRecords {

    private static final Logger LOG = LoggerFactory.getLogger(DnsRecords.class);
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(5);

    private enum Op { CREATE, DELETE }

    /** One change waiting for its DNS server; {@code attempts} counts the failed tries so far. */
    private record Change(Op op, DnsPlugin plugin, String pool, VmAddress vm, int attempts, Instant due) {
        String describe() {
            return (op == Op.CREATE ? "create " + vm.fqdn() + " -> " + vm.ip() : "delete " + vm.fqdn() + " ("
                    + vm.ip() + ")");
        }
    }

    private final DnsLookup lookup;
    private final VmpoolerConfig config;
    private final VmQueues store;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, RetryDelays> retryDelays = new LinkedHashMap<>();
    /** Waiting changes per DNS config, by FQDN, oldest first. */
    private final Map<String, LinkedHashMap<String, Change>> waiting = new ConcurrentHashMap<>();

    public DnsRecords(DnsLookup lookup, VmpoolerConfig config, VmQueues store, Clock clock, Metrics metrics) {
        this.lookup = lookup;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        for (DnsConfig dns : config.dnsConfigs().values()) {
            retryDelays.put(dns.name(), RetryDelays.of(dns.settings()));
        }
    }

    /** Points the new VM's name at its IP (for pools whose DNS config has a plugin). */
    public void create(String pool, String vm, String ip) {
        submit(Op.CREATE, pool, vm, () -> Optional.of(ip));
    }

    /**
     * Removes the record made for the VM. Its IP comes from the VM's record: a VM that never got one never got a
     * DNS record either. The record is read only for a pool with a DNS plugin: for a {@code dynamic-dns} pool that
     * read was one store round trip per destroyed VM, for nothing.
     */
    public void delete(String pool, String vm) {
        submit(Op.DELETE, pool, vm, () -> store.vm(vm).flatMap(record -> record.field(Field.IP)));
    }

    private void submit(Op op, String pool, String vm, Supplier<Optional<String>> ipOfVm) {
        Optional<DnsPlugin> plugin = lookup.forPool(pool);
        if (plugin.isEmpty()) {
            return;
        }
        Optional<String> ip = ipOfVm.get();
        if (ip.isEmpty()) {
            return;
        }
        VmAddress address;
        try {
            address = VmAddress.of(vm, config.domainFor(pool).orElse(""), ip.get());
        } catch (IllegalArgumentException e) {
            LOG.error("[!] [{}] '{}' gets no DNS record: {}", pool, vm, e.getMessage());
            return;
        }
        Change change = new Change(op, plugin.get(), pool, address, 0, clock.instant());
        LinkedHashMap<String, Change> queue = queue(plugin.get());
        synchronized (queue) {
            if (!queue.isEmpty()) {
                // It goes with the next retry, not before: the server has not taken the ones before it.
                Instant next = queue.values().stream().map(Change::due).min(Instant::compareTo).orElseThrow();
                queue.remove(address.fqdn());
                queue.put(address.fqdn(), new Change(op, plugin.get(), pool, address, 0,
                        next.isAfter(change.due()) ? next : change.due()));
                LOG.info("[*] [{}] DNS {} queued behind {} change(s) waiting for {}", pool, change.describe(),
                        queue.size() - 1, plugin.get().name());
                return;
            }
        }
        if (!apply(change)) {
            requeue(queue, change, null);
        }
    }

    /** Whether some pool has a DNS plugin (all {@code dynamic-dns} pools need no retry loop). */
    public boolean anyPlugin() {
        return config.pools().stream().anyMatch(pool -> lookup.forPool(pool.name()).isPresent());
    }

    /** Retries every change whose time has come; per DNS config it stops at the first failure. */
    public int retryDue() {
        int done = 0;
        for (LinkedHashMap<String, Change> queue : waiting.values()) {
            Optional<Change> next;
            while ((next = nextDue(queue)).isPresent()) {
                Change change = next.get();
                if (!apply(change)) {
                    requeue(queue, change, change);
                    break;
                }
                synchronized (queue) {
                    queue.remove(change.vm().fqdn(), change);
                }
                LOG.info("[+] [{}] DNS {} done{}", change.pool(), change.describe(), change.attempts() == 0
                        ? " (it waited behind earlier changes)" : " after " + change.attempts() + " failed attempt(s)");
                done++;
            }
        }
        return done;
    }

    /** How many changes wait for their DNS server. */
    public int waiting() {
        return waiting.values().stream().mapToInt(queue -> {
            synchronized (queue) {
                return queue.size();
            }
        }).sum();
    }

    private Optional<Change> nextDue(LinkedHashMap<String, Change> queue) {
        Instant now = clock.instant();
        synchronized (queue) {
            return queue.values().stream().filter(change -> !change.due().isAfter(now)).findFirst();
        }
    }

    private boolean apply(Change change) {
        try {
            if (change.op() == Op.CREATE) {
                change.plugin().createOrReplaceRecord(change.vm());
            } else {
                change.plugin().deleteRecord(change.vm());
            }
            return true;
        } catch (RuntimeException e) {
            metrics.increment("vmpooler_errors.dns_update_failed." + change.pool());
            LOG.warn("[!] [{}] DNS {} failed (attempt {}), will retry: {}", change.pool(), change.describe(),
                    change.attempts() + 1, e.getMessage() == null ? e.toString() : e.getMessage());
            return false;
        }
    }

    /**
     * Puts a failed change at the back of its queue with its next try scheduled, unless a newer change to the same
     * name came in meanwhile ({@code expected} is what the queue held when the try started; null for a first try).
     * Going to the back keeps one record the server always refuses from holding up the others.
     */
    private void requeue(LinkedHashMap<String, Change> queue, Change failed, Change expected) {
        String fqdn = failed.vm().fqdn();
        Change retry = new Change(failed.op(), failed.plugin(), failed.pool(), failed.vm(), failed.attempts() + 1,
                clock.instant().plus(delay(failed.plugin().name(), failed.attempts() + 1)));
        synchronized (queue) {
            Change current = queue.get(fqdn);
            if (current != expected) {
                return;
            }
            queue.remove(fqdn);
            queue.put(fqdn, retry);
        }
    }

    private Duration delay(String dnsConfig, int attempts) {
        RetryDelays delays = retryDelays.getOrDefault(dnsConfig, RetryDelays.DEFAULT);
        Duration delay = delays.min().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(delays.max()) > 0 ? delays.max() : delay;
    }

    /** The retry delays of one DNS config: the first retry waits {@code min}, each next one twice as long. */
    record RetryDelays(Duration min, Duration max) {
        static final RetryDelays DEFAULT = new RetryDelays(DEFAULT_RETRY_MIN, DEFAULT_RETRY_MAX);

        static RetryDelays of(Settings settings) {
            int min = settings.integer("retry_delay_min", (int) DEFAULT_RETRY_MIN.toSeconds());
            int max = settings.integer("retry_delay_max", (int) DEFAULT_RETRY_MAX.toSeconds());
            if (min < 1 || max < min) {
                throw settings.invalid("retry_delay_min", min + ".." + max,
                        "seconds, at least 1, and retry_delay_max at least retry_delay_min");
            }
            return new RetryDelays(Duration.ofSeconds(min), Duration.ofSeconds(max));
        }
    }

    private LinkedHashMap<String, Change> queue(DnsPlugin plugin) {
        return waiting.computeIfAbsent(plugin.name(), name -> new LinkedHashMap<>());
    }
}
