package org.vmpooler.provider.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.Settings;

/**
 * A libvirt provider instance's keys, read and checked once at start; every bad key is reported in one error.
 *
 * @param uris              the hosts, one libvirt URI each ({@code qemu:///system}, {@code qemu+ssh://u@h/system})
 * @param storagePool       where templates are looked up and clones made when a template names no storage pool
 * @param network           the libvirt network of clones whose pool names none
 * @param domainType        the domain type of clones whose pool names none: {@code kvm}, or {@code qemu} without KVM
 * @param memoryOvercommit  how far the memory of running domains may exceed a host's memory (1.0: not at all)
 * @param maxDomainsPerHost running domains a host may hold at most, when set
 * @param threadsPerHost    native calls that may run at once per host ({@code connection_pool_size})
 * @param callTimeout       how long one libvirt call may take before it is abandoned
 * @param addressTimeout    how long a new clone may take to get an IP address (DHCP lease or guest agent)
 */
record LibvirtSettings(List<String> uris, String storagePool, String network, String domainType,
                       double memoryOvercommit,
                       Optional<Integer> maxDomainsPerHost, int threadsPerHost, Duration callTimeout,
                       Duration addressTimeout) {

    /** Every key {@link #from} reads. */
    static final Set<String> KEYS = Set.of("uri", "memory_overcommit", "max_domains_per_host", "connection_pool_size",
            "call_timeout", "address_timeout", "storage_pool", "network", "domain_type");

    static LibvirtSettings from(Settings settings) {
        ConfigProblems errors = new ConfigProblems();
        List<String> uris = errors.read(() -> settings.strings("uri"), List.of());
        if (uris.isEmpty() && errors.errors().isEmpty()) {
            errors.error("missing " + where(settings, "uri") + " (a libvirt URI such as qemu:///system, or a list of them)");
        }
        if (uris.stream().anyMatch(String::isBlank)) {
            errors.error("invalid value for " + where(settings, "uri") + ": an empty URI");
        }
        double overcommit = errors.read(() -> settings.decimal("memory_overcommit").orElse(1.0), 1.0);
        if (!(overcommit > 0) || Double.isInfinite(overcommit)) {
            errors.error(settings.invalid("memory_overcommit", overcommit, "a ratio above 0, such as 1.0 or 1.5").getMessage());
        }
        Optional<Integer> maxDomains = errors.read(() -> settings.integer("max_domains_per_host"), Optional.empty());
        maxDomains.filter(max -> max < 1).ifPresent(max -> errors.error(
                settings.invalid("max_domains_per_host", max, "a whole number of at least 1").getMessage()));
        int threads = errors.read(() -> settings.integer("connection_pool_size", 4), 4);
        if (threads < 1) {
            errors.error(settings.invalid("connection_pool_size", threads, "a whole number of at least 1").getMessage());
        }
        int timeout = errors.read(() -> settings.integer("call_timeout", 120), 120);
        if (timeout < 1) {
            errors.error(settings.invalid("call_timeout", timeout, "a number of seconds, at least 1").getMessage());
        }
        int addressTimeout = errors.read(() -> settings.integer("address_timeout", 300), 300);
        if (addressTimeout < 1) {
            errors.error(settings.invalid("address_timeout", addressTimeout, "a number of seconds, at least 1").getMessage());
        }
        String storagePool = errors.read(() -> settings.string("storage_pool", "default"), "default");
        String network = errors.read(() -> settings.string("network", "default"), "default");
        String domainType = errors.read(() -> settings.string("domain_type", "kvm"), "kvm");
        errors.throwErrors("");
        return new LibvirtSettings(List.copyOf(uris), storagePool, network, domainType, overcommit, maxDomains, threads,
                Duration.ofSeconds(timeout), Duration.ofSeconds(addressTimeout));
    }

    private static String where(Settings settings, String key) {
        return settings.path().isEmpty() ? key : settings.path() + " > " + key;
    }
}
