package org.vmpooler.provider.vsphere;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.Settings;

/**
 * The vSphere keys of one pool, checked at start: where its VMs live ({@code datacenter}/vm/{@code folder}, the
 * folder defaulting to the pool's name), the
 * {@code datastore} and {@code network} of its clones, linked or full clones, and the pool's VMX options.
 */
record VspherePool(String name, String datacenter, String folder, Optional<String> datastore,
                   Optional<String> network, boolean linkedClone, Map<String, String> extraConfig) {

    /** The reference's two pool keys that become VMX options, spelled exactly as it read them. */
    private static final Map<String, String> VMX_OPTIONS = Map.of(
            "snapshot_mainMem_ioBlockPages", "mainMem.ioBlockPages",
            "snapshot_mainMem_iowait", "mainMem.iowait");

    /** Every pool key {@link #read} takes. */
    static final Set<String> KEYS = Stream.concat(
            Stream.of("datacenter", "folder", "datastore", "network", "create_linked_clone"),
            VMX_OPTIONS.keySet().stream()).collect(Collectors.toUnmodifiableSet());

    static Optional<VspherePool> read(PoolConfig pool, VsphereSettings provider, ConfigProblems errors) {
        Settings s = pool.settings();
        Optional<String> datacenter = text(s, "datacenter", errors).or(provider::datacenter);
        Optional<String> folder = text(s, "folder", errors).map(f -> f.replaceAll("^/+|/+$", ""))
                .or(() -> Optional.of(pool.name()));
        if (datacenter.isEmpty()) {
            errors.error("pool " + pool.name() + " has no datacenter: set `datacenter` on the pool or the provider");
        }
        Map<String, String> vmx = new LinkedHashMap<>();
        VMX_OPTIONS.forEach((key, option) -> text(s, key, errors).ifPresent(v -> vmx.put(option, v)));
        boolean linked = errors.attempt(() -> s.bool("create_linked_clone", provider.createLinkedClones()))
                .orElse(true);
        if (datacenter.isEmpty() || folder.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VspherePool(pool.name(), datacenter.get(), folder.get(), text(s, "datastore", errors),
                text(s, "network", errors), linked, vmx));
    }

    /** The inventory path of the pool's folder. */
    String folderPath() {
        return datacenter + "/vm/" + folder;
    }

    private static Optional<String> text(Settings settings, String key, ConfigProblems errors) {
        return errors.attempt(() -> settings.string(key).filter(v -> !v.isBlank()).orElse(null));
    }
}
