package org.vmpooler.provider.dummy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One VM of the dummy's inventory, immutable: changes produce a new value that the inventory stores.
 * {@code template} is the pool's template (the reference's {@code vm_template}).
 */
record DummyVm(String name, String pool, String template, String hostname, String domain, String ip, boolean ready,
               Instant bootTime, String powerState, String host, Phase phase, List<String> snapshots,
               List<String> disks, Optional<String> user) {

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
    }

    /** A just-created VM: powered on, on {@code HOST1}, not yet ready. */
    static DummyVm created(String name, String pool, String template, Instant now, Phase phase) {
        return new DummyVm(name, pool, template, name, DOMAIN, ipFor(name), false, now, POWERED_ON, "HOST1", phase,
                List.of(), List.of(), Optional.empty());
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
                snapshots, disks, user);
    }

    DummyVm asReady() {
        return new DummyVm(name, pool, template, hostname, domain, ip, true, bootTime, powerState, host, phase,
                snapshots, disks, user);
    }

    DummyVm poweredOff() {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, POWERED_OFF, host, phase,
                snapshots, disks, user);
    }

    DummyVm withHostname(String next) {
        return new DummyVm(name, pool, template, next, domain, ip, ready, bootTime, powerState, host, phase,
                snapshots, disks, user);
    }

    DummyVm onHost(String next) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, next, phase,
                snapshots, disks, user);
    }

    DummyVm withSnapshot(String snapshot) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, phase,
                appended(snapshots, snapshot), disks, user);
    }

    DummyVm withDisk(String disk) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, phase,
                snapshots, appended(disks, disk), user);
    }

    DummyVm taggedFor(String taggedUser) {
        return new DummyVm(name, pool, template, hostname, domain, ip, ready, bootTime, powerState, host, phase,
                snapshots, disks, Optional.ofNullable(taggedUser));
    }

    private static List<String> appended(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
