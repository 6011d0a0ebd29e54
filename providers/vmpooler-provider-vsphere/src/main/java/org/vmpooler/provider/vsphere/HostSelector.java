package org.vmpooler.provider.vsphere;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.provider.vsphere.soap.MoRef;
import org.vmpooler.provider.vsphere.soap.ObjectContent;
import org.vmpooler.provider.vsphere.soap.PropertyReader;

/**
 * {@code manage_host_selection}: the hosts of a cluster that clones and migrations should use. A host qualifies when
 * it is green, not in maintenance, has no configuration issue and reports a CPU and memory use above zero and below
 * {@code utilization_limit} %; of those, the ones at or below the average use are preferred, and calls rotate
 * among them. Hosts are grouped by CPU architecture (the fifth word of the CPU model, as the reference did) so that
 * a VM only moves between like hosts. The choice is re-read from vCenter when older than
 * {@code host_selection_max_age}.
 */
final class HostSelector {
    static final List<String> PATHS = List.of("name", "runtime.inMaintenanceMode", "overallStatus", "configIssue",
            "summary.hardware.cpuModel", "summary.hardware.cpuMhz", "summary.hardware.numCpuCores",
            "summary.hardware.memorySize", "summary.quickStats.overallCpuUsage",
            "summary.quickStats.overallMemoryUsage");

    record Host(MoRef ref, String name, String architecture, double utilization) {
    }

    private record Selection(Instant readAt, List<Host> preferred, Map<MoRef, Host> all) {
    }

    private final PropertyReader properties;
    private final Clock clock;
    private final Duration maxAge;
    private final int utilizationLimit;
    private final Map<MoRef, Selection> selections = new ConcurrentHashMap<>();
    private final AtomicInteger rotation = new AtomicInteger();

    HostSelector(PropertyReader properties, Clock clock, Duration maxAge, int utilizationLimit) {
        this.properties = properties;
        this.clock = clock;
        this.maxAge = maxAge;
        this.utilizationLimit = utilizationLimit;
    }

    /** The next preferred host of the cluster, of the given architecture when one is given. */
    Optional<Host> next(MoRef cluster, Optional<String> architecture) {
        List<Host> candidates = selection(cluster).preferred().stream()
                .filter(h -> architecture.map(a -> a.equals(h.architecture())).orElse(true)).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(Math.floorMod(rotation.getAndIncrement(), candidates.size())));
    }

    boolean preferred(MoRef cluster, MoRef host) {
        return selection(cluster).preferred().stream().anyMatch(h -> h.ref().equals(host));
    }

    /** A host of the cluster as last read, qualifying or not. */
    Optional<Host> host(MoRef cluster, MoRef host) {
        return Optional.ofNullable(selection(cluster).all().get(host));
    }

    private Selection selection(MoRef cluster) {
        Instant now = clock.instant();
        Selection current = selections.get(cluster);
        if (current != null && current.readAt().plus(maxAge).isAfter(now)) {
            return current;
        }
        List<ObjectContent> read = properties.related(cluster, "ComputeResource", "host", "HostSystem", PATHS);
        Map<MoRef, Host> all = new ConcurrentHashMap<>();
        read.forEach(h -> all.put(h.obj(), new Host(h.obj(), h.text("name").orElse(""),
                architecture(h.text("summary.hardware.cpuModel").orElse("")), utilization(h).orElse(-1.0))));
        List<Host> qualifying = read.stream().filter(this::qualifies).map(h -> all.get(h.obj())).toList();
        double average = qualifying.stream().mapToDouble(Host::utilization).average().orElse(0);
        List<Host> preferred = qualifying.stream().filter(h -> h.utilization() <= average)
                .sorted(Comparator.comparingDouble(Host::utilization)).toList();
        Selection fresh = new Selection(now, preferred, all);
        selections.put(cluster, fresh);
        return fresh;
    }

    private boolean qualifies(ObjectContent host) {
        boolean usable = host.text("runtime.inMaintenanceMode").map(m -> m.equals("false")).orElse(false)
                && host.text("overallStatus").map(s -> s.equals("green")).orElse(false)
                && host.get("configIssue").map(issues -> !issues.hasChildNodes()).orElse(true);
        return usable && utilization(host).filter(u -> u > 0 && u < utilizationLimit).isPresent();
    }

    /** The higher of CPU and memory use in %, empty when the host reports no use of either (not reporting). */
    private static Optional<Double> utilization(ObjectContent host) {
        double cpuCapacity = number(host, "summary.hardware.cpuMhz") * number(host, "summary.hardware.numCpuCores");
        double memoryMb = number(host, "summary.hardware.memorySize") / (1024 * 1024);
        double cpu = cpuCapacity > 0 ? 100 * number(host, "summary.quickStats.overallCpuUsage") / cpuCapacity : 0;
        double memory = memoryMb > 0 ? 100 * number(host, "summary.quickStats.overallMemoryUsage") / memoryMb : 0;
        return cpu <= 0 || memory <= 0 ? Optional.empty() : Optional.of(Math.max(cpu, memory));
    }

    private static double number(ObjectContent host, String path) {
        return host.text(path).map(Double::parseDouble).orElse(0.0);
    }

    static String architecture(String cpuModel) {
        String[] words = cpuModel.trim().split("\\s+");
        return words.length >= 5 ? words[4] : cpuModel.trim();
    }
}
