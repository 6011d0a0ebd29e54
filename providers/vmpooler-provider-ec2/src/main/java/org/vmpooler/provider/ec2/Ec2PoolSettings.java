package org.vmpooler.provider.ec2;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.Settings;

/**
 * A pool's EC2 keys, with the instance's defaults where the pool sets none: {@code instance_type} (the
 * reference's {@code amisize} is accepted as an alias), the root volume's {@code volume_size} (GB) and
 * {@code volume_type}, {@code subnet_ids} to spread its instances over, {@code security_group_ids},
 * {@code user_data} (cloud-init text, sent base64-encoded) and {@code spot}.
 */
record Ec2PoolSettings(String instanceType, Optional<Integer> volumeSize, Optional<String> volumeType,
                       List<String> subnetIds, List<String> securityGroupIds, Optional<String> userData,
                       boolean spot) {

    /** Every pool key {@link #of} reads. */
    static final Set<String> KEYS = Set.of("instance_type", "amisize", "volume_size", "volume_type", "subnet_ids",
            "security_group_ids", "user_data", "spot");

    static final Set<String> VOLUME_TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

    static Ec2PoolSettings of(Settings pool, Ec2Settings provider) {
        ConfigProblems check = new ConfigProblems();
        String type = check.read(() -> pool.string("instance_type").or(() -> pool.string("amisize"))
                .or(provider::instanceType).orElse(""), "");
        if (type.isBlank()) {
            check.error(pool.path() + " > instance_type is required in " + pool.source()
                    + " (or instance_type of its provider): an EC2 instance type such as t3.medium");
        }
        Optional<Integer> size = check.read(() -> pool.integer("volume_size").map(gb -> {
            if (gb < 1 || gb > 16384) {
                throw pool.invalid("volume_size", gb, "the root volume's size in GB, 1 to 16384");
            }
            return gb;
        }), Optional.empty());
        Optional<String> volumeType = check.read(() -> pool.string("volume_type").map(t -> {
            if (!VOLUME_TYPES.contains(t)) {
                throw pool.invalid("volume_type", t, "one of " + VOLUME_TYPES);
            }
            return t;
        }), Optional.empty());
        List<String> subnets = check.read(() -> Ec2Settings.ids(pool, "subnet_ids", "subnet-"), List.of());
        List<String> groups = check.read(() -> Ec2Settings.ids(pool, "security_group_ids", "sg-"), List.of());
        Optional<String> userData = check.read(() -> pool.string("user_data"), Optional.empty());
        boolean spot = check.read(() -> pool.bool("spot", false), false);
        check.throwErrors("");
        return new Ec2PoolSettings(type, size, volumeType, subnets.isEmpty() ? provider.subnetIds() : subnets,
                groups.isEmpty() ? provider.securityGroupIds() : groups, userData, spot);
    }
}
