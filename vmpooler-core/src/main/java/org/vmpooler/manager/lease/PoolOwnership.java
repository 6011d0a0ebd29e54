package org.vmpooler.manager.lease;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ManagerLeaseSettings;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.VmState;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.Store;

/**
 * Which pools this manager owns. Every round ({@link #rebalance}) it announces itself, renews its leases, hands
 * over pools beyond its fair share and takes free pools up to it; the fair share is the configured pools divided
 * by the live managers, rounded up, so the pools spread evenly and every pool can be owned. Managers prefer
 * different pools (rendezvous order on manager and pool name), so a newcomer rarely races another for the same
 * pool. With {@code manager_leases: false} it only announces the manager and owns every pool.
 *
 * <p>A pool is handed over only while it has no VM pending, so no clone of this manager is in flight for it; a
 * dead manager's pools become free when its leases expire, at most {@code manager_lease_ttl} after its last renewal.
 */
public final class PoolOwnership {

    private static final Logger LOG = LoggerFactory.getLogger(PoolOwnership.class);

    private final Store store;
    private final String manager;
    private final ManagerLeaseSettings settings;
    private final List<String> pools;
    private final Metrics metrics;
    private final Map<String, PoolLease> held = new ConcurrentHashMap<>();

    public PoolOwnership(Store store, String manager, ManagerLeaseSettings settings, List<String> pools,
                         Metrics metrics) {
        this.store = store;
        this.manager = manager;
        this.settings = settings;
        this.pools = List.copyOf(pools);
        this.metrics = metrics;
    }

    /** An id unique to this process: host name and process id. */
    public static String processId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    public String manager() {
        return manager;
    }

    public ManagerLeaseSettings settings() {
        return settings;
    }

    public boolean leasing() {
        return settings.enabled();
    }

    /** Whether this manager may work on the pool now. */
    public boolean owns(String pool) {
        return !settings.enabled() || held.containsKey(pool);
    }

    /** The lease in force for the pool, if this manager holds one. */
    public Optional<PoolLease> lease(String pool) {
        return Optional.ofNullable(held.get(pool));
    }

    /** The managers other than this one that are alive now. */
    public List<String> otherLiveManagers() {
        return store.liveManagers().stream().filter(m -> !m.equals(manager)).toList();
    }

    /** One round: announce, renew, hand over the excess, take free pools up to the fair share. */
    public synchronized void rebalance() {
        store.announceManager(manager, settings.ttl());
        List<String> liveNow = store.liveManagers();
        returnSlotsOfDeparted(liveNow);
        if (!settings.enabled()) {
            return;
        }
        int live = Math.max(1, liveNow.size());
        for (PoolLease lease : store.renewLeases(List.copyOf(held.values()), settings.ttl())) {
            lost(lease, "it expired before it was renewed");
        }
        int share = (pools.size() + live - 1) / live;
        List<String> preferred = new ArrayList<>(pools);
        preferred.sort(Comparator.comparingInt(this::rank));
        if (held.size() > share) {
            handOver(preferred.reversed(), held.size() - share);
        }
        for (String pool : preferred) {
            if (held.size() >= share) {
                break;
            }
            if (!held.containsKey(pool)) {
                store.acquireLease(pool, manager, settings.ttl()).ifPresent(this::took);
            }
        }
        metrics.gauge("manager_pools." + metricSafe(manager), held.size());
    }

    /**
     * The clone-slot counters are shared by all managers, and one killed mid-clone never returns its slots; each
     * slot is also counted against the manager that took it, so those of a manager no longer alive are given back
     * exactly and the clones the others have in flight stay counted.
     */
    private void returnSlotsOfDeparted(List<String> liveNow) {
        long returned = store.returnCloneSlotsOfAllBut(liveNow);
        if (returned > 0) {
            LOG.info("[*] {} clone slot(s) of managers no longer alive given back (live: {})", returned, liveNow);
        }
    }

    private int rank(String pool) {
        return (manager + "/" + pool).hashCode();
    }

    private void took(PoolLease lease) {
        held.put(lease.pool(), lease);
        metrics.increment("manager_lease.taken");
        LOG.info("[*] [{}] now owned by manager {} (lease token {})", lease.pool(), manager, lease.token());
    }

    private void handOver(List<String> leastPreferred, int excess) {
        int handed = 0;
        for (String pool : leastPreferred) {
            PoolLease lease = held.get(pool);
            if (handed >= excess || lease == null || store.count(pool, VmState.PENDING) > 0) {
                continue;
            }
            held.remove(pool);
            store.releaseLease(lease);
            handed++;
            metrics.increment("manager_lease.handed_over");
            LOG.info("[*] [{}] handed over by manager {}: it owns more than its share now that more managers run",
                    pool, manager);
        }
    }

    /** A write under the lease was refused or the renewal failed: another manager owns the pool now. */
    public void lost(PoolLease lease, String why) {
        if (held.remove(lease.pool(), lease)) {
            metrics.increment("manager_lease.lost");
            LOG.warn("[!] [{}] manager {} lost its lease (token {}): {}; it stops working on the pool", lease.pool(),
                    manager, lease.token(), why);
        }
    }

    /** Graceful stop: every lease and the announcement go at once, so other managers take over without waiting. */
    public synchronized void releaseAll() {
        for (PoolLease lease : List.copyOf(held.values())) {
            held.remove(lease.pool());
            store.releaseLease(lease);
        }
        store.retireManager(manager);
        LOG.info("[*] manager {} released its pools", manager);
    }

    private static String metricSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
