package org.vmpooler.provider.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderException;

/**
 * What a pool's clones look like, from the pool's keys: the template volume ({@code template}, as
 * {@code [storage-pool/]volume}), {@code memory} in MiB, {@code vcpus}, {@code network}, {@code disk_bus},
 * {@code domain_type} (the provider's, {@code kvm} unless set; {@code qemu} where there is no KVM), {@code full_clone} and an optional
 * {@code domain_template} file. Bad keys are the pool's fault: a permanent error naming all of them.
 */
record PoolShape(String storagePool, String templateVolume, int memoryMib, int vcpus, String network, String diskBus,
                 String domainType, boolean fullClone, DomainTemplate domainTemplate) {

    /** Every pool key {@link #of} reads besides the engine's {@code template}. */
    static final Set<String> KEYS = Set.of("memory", "vcpus", "network", "disk_bus", "domain_type", "full_clone",
            "domain_template");

    private static final Set<String> DISK_BUSES = Set.of("virtio", "scsi", "sata", "ide");

    static PoolShape of(CreateRequest request, LibvirtSettings defaults) {
        Settings pool = request.poolSettings();
        ConfigProblems errors = new ConfigProblems();
        String template = request.template().strip();
        int slash = template.indexOf('/');
        String storagePool = slash < 0 ? defaults.storagePool() : template.substring(0, slash);
        String volume = template.substring(slash + 1);
        if (volume.isEmpty() || storagePool.isEmpty() || volume.contains("/")) {
            errors.error("template '" + template + "' is not a volume name or storage-pool/volume");
        }
        int memory = errors.read(() -> pool.integer("memory", 1024), 1024);
        if (memory < 16) {
            errors.error(pool.invalid("memory", memory, "MiB, at least 16").getMessage());
        }
        int vcpus = errors.read(() -> pool.integer("vcpus", 1), 1);
        if (vcpus < 1) {
            errors.error(pool.invalid("vcpus", vcpus, "a whole number of at least 1").getMessage());
        }
        String network = errors.read(() -> pool.string("network", defaults.network()), "");
        String bus = errors.read(() -> pool.string("disk_bus", "virtio"), "virtio");
        if (!DISK_BUSES.contains(bus)) {
            errors.error(pool.invalid("disk_bus", bus, "one of " + DISK_BUSES).getMessage());
        }
        String type = errors.read(() -> pool.string("domain_type", defaults.domainType()), "");
        boolean fullClone = errors.read(() -> pool.bool("full_clone", false), false);
        Optional<String> templateFile = errors.read(() -> pool.string("domain_template"),
                Optional.empty());
        DomainTemplate domainTemplate = DomainTemplate.DEFAULT;
        if (templateFile.isPresent()) {
            try {
                domainTemplate = new DomainTemplate(Files.readString(Path.of(templateFile.get())));
            } catch (IOException e) {
                errors.error("cannot read " + pool.path() + " > domain_template " + templateFile.get() + ": " + e);
            }
        }
        if (!errors.errors().isEmpty()) {
            throw ProviderException.permanent("pool " + request.pool() + ": " + errors.errorMessages());
        }
        return new PoolShape(storagePool, volume, memory, vcpus, network, bus, type, fullClone, domainTemplate);
    }

    /** The disk at {@code index} on the pool's bus: {@code vda} on virtio, {@code sda} on SCSI/SATA. */
    String deviceName(int index) {
        return devicePrefix(diskBus) + (char) ('a' + index);
    }

    static String devicePrefix(String bus) {
        return switch (bus) {
            case "virtio" -> "vd";
            case "ide" -> "hd";
            default -> "sd";
        };
    }
}
