package org.vmpooler.provider.libvirt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.vmpooler.provider.ProviderCapacityException;

/**
 * Chooses the host of each new clone: the least loaded one (memory of running domains against the host's
 * memory, then the number of running domains) among those that still have room. A host has room while the memory
 * of its running domains, plus the clones being placed there right now, plus the new one stays within its memory
 * times {@code memory_overcommit}, and while it runs fewer than {@code max_domains_per_host} domains. No host
 * with room is a capacity refusal, which the engine answers by backing off the pool.
 *
 * <p>Placements are made one at a time, and a clone counts against its host from the moment it is placed (before
 * its domain exists), so concurrent clones cannot all squeeze into the last free gigabyte.
 */
final class Placement {

    private final double overcommit;
    private final Optional<Integer> maxDomains;
    private final ReentrantLock placing = new ReentrantLock();
    /** The clones being placed now, by host: name and memory in KiB. */
    private final Map<LibvirtHost, Map<String, Long>> pending = new HashMap<>();

    /** A host's load as measured now, the clones being placed there included. */
    record Load(LibvirtHost host, long capacityKib, long usedKib, int running) {
        double after(long kib) {
            return (usedKib + kib) / (double) capacityKib;
        }

        @Override
        public String toString() {
            return host.uri() + " " + usedKib / 1024 + "/" + capacityKib / 1024 + " MiB, " + running + " running";
        }
    }

    Placement(double overcommit, Optional<Integer> maxDomains) {
        this.overcommit = overcommit;
        this.maxDomains = maxDomains;
    }

    /** A clone's claim on its host, released when its creation has ended either way. */
    final class Claim implements AutoCloseable {
        private final LibvirtHost host;

        private final String vm;

        private Claim(LibvirtHost host, String vm) {
            this.host = host;
            this.vm = vm;
        }

        LibvirtHost host() {
            return host;
        }

        @Override
        public void close() {
            placing.lock();
            try {
                Map<String, Long> left = pending.get(host);
                left.remove(vm);
                if (left.isEmpty()) {
                    pending.remove(host);
                }
            } finally {
                placing.unlock();
            }
        }
    }

    /** Places a clone of {@code memoryMib} on one of {@code candidates} (the hosts that have its template). */
    Claim place(List<LibvirtHost> candidates, int memoryMib, String vm) {
        long kib = memoryMib * 1024L;
        placing.lock();
        try {
            List<Load> loads = new ArrayList<>();
            for (LibvirtHost host : candidates) {
                loads.add(measure(host));
            }
            Optional<Load> chosen = loads.stream()
                    .filter(load -> load.usedKib() + kib <= load.capacityKib())
                    .filter(load -> maxDomains.map(max -> load.running() < max).orElse(true))
                    .min(Comparator.comparingDouble((Load load) -> load.after(kib)).thenComparingInt(Load::running));
            if (chosen.isEmpty()) {
                throw new ProviderCapacityException(ProviderCapacityException.Kind.CAPACITY, "no host has room for "
                        + vm + " (" + memoryMib + " MiB; memory_overcommit " + overcommit + maxDomains.map(
                                max -> ", max_domains_per_host " + max).orElse("") + "): " + loads, null);
            }
            LibvirtHost host = chosen.get().host();
            pending.computeIfAbsent(host, h -> new HashMap<>()).put(vm, kib);
            return new Claim(host, vm);
        } finally {
            placing.unlock();
        }
    }

    /** A clone being placed counts once: by its claim until its creation ends, even once its domain runs. */
    private Load measure(LibvirtHost host) {
        Map<String, Long> claimed = Map.copyOf(pending.getOrDefault(host, Map.of()));
        Load measured = host.run("measuring the host's load", (Connect connection) -> {
            long used = 0;
            int running = 0;
            for (Domain domain : connection.listAllDomains(Flags.LIST_ACTIVE)) {
                if (!claimed.containsKey(domain.getName())) {
                    used += domain.getMaxMemory();
                    running++;
                }
            }
            return new Load(host, (long) (connection.nodeInfo().memory * overcommit), used, running);
        });
        long claimedKib = claimed.values().stream().mapToLong(Long::longValue).sum();
        return new Load(host, measured.capacityKib(), measured.usedKib() + claimedKib,
                measured.running() + claimed.size());
    }
}
