package org.vmpooler.provider.gce;

import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.Settings;

/**
 * Where and how one pool's instances are made: its {@code zone} and {@code machine_type} (each falling back to the
 * provider's; the reference forgot the machine-type fallback), optional {@code disk_type} and
 * {@code subnetwork_name}, and the DNS {@code domain} that makes the instance's hostname.
 */
record GcePool(String name, String zone, String machineType, Optional<String> diskType,
               Optional<String> subnetwork, Optional<String> domain) {

    /** Every pool key {@link #of} reads. */
    static final Set<String> KEYS = Set.of("zone", "machine_type", "disk_type", "subnetwork_name");

    /** The pool's settings over the provider's; empty values are reported by {@link #problems}. */
    static GcePool of(String pool, Settings poolSettings, GceSettings provider, Optional<String> domain) {
        return new GcePool(pool,
                value(poolSettings, "zone").or(provider::zone).orElse(""),
                value(poolSettings, "machine_type").or(provider::machineType).orElse(""),
                value(poolSettings, "disk_type"), value(poolSettings, "subnetwork_name"), domain);
    }

    /** What is missing for the pool to have instances made, naming the keys to set. */
    String problems(String provider) {
        StringBuilder missing = new StringBuilder();
        if (zone.isEmpty()) {
            missing.append("pool ").append(name).append(" has no zone (set the pool's or provider ").append(provider)
                    .append("'s zone)");
        }
        if (machineType.isEmpty()) {
            missing.append(missing.isEmpty() ? "" : "; ").append("pool ").append(name)
                    .append(" has no machine_type (set the pool's or provider ").append(provider)
                    .append("'s machine_type)");
        }
        return missing.toString();
    }

    /** The region of the zone ({@code us-west1} of {@code us-west1-b}), for the subnetwork's URL. */
    String region() {
        int dash = zone.lastIndexOf('-');
        return dash < 0 ? zone : zone.substring(0, dash);
    }

    private static Optional<String> value(Settings s, String key) {
        return s.string(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
