package org.vmpooler.provider.dummy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM of the dummy's inventory, immutable: changes produce a new value that the inventory stores.
 * {@code template} is the pool's template (the reference's {@code vm_template}).
 */
record DummyVm(String name, String pool, String template, String hostname, String domain, String ip, boolean ready,
               Instant bootTime, String powerState, String host, Phase phase, List<String> snapshots,
               List<String> disks, Optional<String> user, Map<String, String> labels) {

    static final String POWERED_ON = "PoweredOn";
    static final String POWERED_OFF = "PoweredOff";
    static final String DOMAIN = "dummy.local";

    /** The reference's {@code dummy_state}. */
    enum Phase {
        UNKNOWN, CLONING, RUNNING
    }

    DummyVm {
        snapshots = List.copyOf(snapshots);
        disks = List.copyOf(disks);
        labels = Map.copyOf(labels);
    }

    /** A just-created VM: powered on, on {@code HOST1}, not yet ready, carrying the engine's labels. */
    static DummyVm created(String name, String pool, String template, Instant now, Phase phase,
                           Map<String, String> labels) {
        return new DummyVm(name, pool, template, name, DOMAIN, ipFor(name), false, now, POWERED_ON, "HOST1", phase,
                List.of(), List.of(), Optional.empty(), labels);
    }

    /** A stable private address derived from the name, so a VM keeps its IP across restarts of the dummy. */
    static String ipFor(String name) {
        int h = name.hashCode();
        return "10." + ((h >>> 16) & 0xff) + "." + ((h >>> 8) & 0xff) + "." + (Math.floorMod(h, 254) + 1);
    }

    boolean poweredOn() {
        return POWERED_ON.equals(powerState);
    }

    DummyVm withPhase(Phase next) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, next,
                snapshots, disks, user, labels);
    }

    DummyVm asReady() {
        return new DummyVm(name, pool, template, hostname, domain, ip, true, bootTime, powerState, host, phase,
                snapshots, disks, user, labels);
    }

    DummyVm poweredOff() {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, POWERED_OFF, host, phase,
                snapshots, disks, user, labels);
    }

    DummyVm withHostname(String next) {
        return new DummyVm(name, pool, template, next, domain, ip, ready, bootTime, powerState, host, phase,
                snapshots, disks, user, labels);
    }

    DummyVm onHost(String next) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, next, phase,
                snapshots, disks, user, labels);
    }

    DummyVm withSnapshot(String snapshot) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, phase,
                appended(snapshots, snapshot), disks, user, labels);
    }

    DummyVm withDisk(String disk) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, phase,
                snapshots, appended(disks, disk), user, labels);
    }

    DummyVm taggedFor(String taggedUser) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, phase,
                snapshots, disks, Optional.ofNullable(taggedUser), labels);
    }

    private static List<String> appended(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
