package org.vmpooler.provider.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ConfigException;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderCapacityException;
import org.vmpooler.provider.ProviderException;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Launches one VM's instance. Each pool's launches start at the next of its subnets in turn, spreading the pool
 * over their zones; a subnet whose zone has no capacity for the instance type is skipped for the next one, and
 * only when every subnet refused is the create a capacity error (the engine then backs the pool off). The
 * client token makes the SDK's retries of one launch idempotent: a retried request cannot start a second instance.
 */
final class InstanceLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLauncher.class);

    private final Ec2Api api;
    private final Ec2Settings settings;
    private final AmiCatalog amis;
    private final Map<String, AtomicInteger> nextSubnet = new ConcurrentHashMap<>();

    InstanceLauncher(Ec2Api api, Ec2Settings settings, AmiCatalog amis) {
        this.api = api;
        this.settings = settings;
        this.amis = amis;
    }

    Instance launch(CreateRequest request) {
        Ec2PoolSettings pool = poolSettings(request, settings);
        Image image = amis.resolve(request.template());
        List<Tag> tags = InstanceTags.forVm(api.provider(), settings.tags(), request.labels(), request.vm());
        List<String> refused = new ArrayList<>();
        ProviderCapacityException last = null;
        for (Optional<String> subnet : subnetsInTurn(request.pool(), pool.subnetIds())) {
            String where = subnet.map(s -> " in subnet " + s).orElse("");
            try {
                RunInstancesRequest run = runRequest(request, pool, image, subnet, tags);
                Instance instance = api.ec2("launch VM " + request.vm() + " of pool " + request.pool() + where,
                        ec2 -> ec2.runInstances(run).instances().getFirst());
                LOG.info("Provider {} launched VM {} of pool {} as {} ({}, {}){}", api.provider(), request.vm(),
                        request.pool(), instance.instanceId(), pool.instanceType(), image.imageId(), where);
                return instance;
            } catch (ProviderCapacityException e) {
                if (e.kind() != ProviderCapacityException.Kind.CAPACITY) {
                    throw e;
                }
                LOG.warn("{}; trying the pool's next subnet", e.getMessage());
                refused.add(subnet.orElse("the default subnet"));
                last = e;
            }
        }
        throw new ProviderCapacityException(ProviderCapacityException.Kind.CAPACITY, "provider " + api.provider()
                + " found no capacity for VM " + request.vm() + " of pool " + request.pool() + " ("
                + pool.instanceType() + ") in any of its subnets " + refused + ": " + last.getMessage(), last);
    }

    /** The pool's keys as sent with the request; bad ones fail the clone for good, as nothing retried fixes them. */
    private static Ec2PoolSettings poolSettings(CreateRequest request, Ec2Settings settings) {
        try {
            return Ec2PoolSettings.of(request.poolSettings(), settings);
        } catch (ConfigException e) {
            throw ProviderException.permanent(e.getMessage());
        }
    }

    private List<Optional<String>> subnetsInTurn(String pool, List<String> subnets) {
        if (subnets.isEmpty()) {
            return List.of(Optional.empty());
        }
        int first = Math.floorMod(nextSubnet.computeIfAbsent(pool, p -> new AtomicInteger()).getAndIncrement(),
                subnets.size());
        List<Optional<String>> order = new ArrayList<>();
        for (int i = 0; i < subnets.size(); i++) {
            order.add(Optional.of(subnets.get((first + i) % subnets.size())));
        }
        return order;
    }

    private RunInstancesRequest runRequest(CreateRequest request, Ec2PoolSettings pool, Image image,
                                           Optional<String> subnet, List<Tag> tags) {
        RunInstancesRequest.Builder run = RunInstancesRequest.builder()
                .imageId(image.imageId())
                .instanceType(pool.instanceType())
                .minCount(1)
                .maxCount(1)
                .clientToken(clientToken(request, subnet))
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
        subnet.ifPresent(run::subnetId);
        if (!pool.securityGroupIds().isEmpty()) {
            run.securityGroupIds(pool.securityGroupIds());
        }
        settings.keyName().ifPresent(run::keyName);
        settings.instanceProfile().ifPresent(profile -> run.iamInstanceProfile(p -> {
            if (profile.startsWith("arn:")) {
                p.arn(profile);
            } else {
                p.name(profile);
            }
        }));
        pool.userData().ifPresent(text -> run.userData(Base64.getEncoder()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8))));
        if (pool.spot()) {
            run.instanceMarketOptions(m -> m.marketType(MarketType.SPOT).spotOptions(s -> s
                    .spotInstanceType(SpotInstanceType.ONE_TIME)
                    .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)));
        }
        if (pool.volumeSize().isPresent() || pool.volumeType().isPresent()) {
            if (image.rootDeviceName() == null) {
                throw ProviderException.permanent("provider " + api.provider() + ": AMI " + image.imageId()
                        + " names no root device, so volume_size/volume_type of pool " + request.pool()
                        + " cannot be applied");
            }
            run.blockDeviceMappings(BlockDeviceMapping.builder().deviceName(image.rootDeviceName()).ebs(e -> e
                    .volumeSize(pool.volumeSize().orElse(null))
                    .volumeType(pool.volumeType().orElse(null))
                    .deleteOnTermination(true)).build());
        }
        return run.build();
    }

    /** At most 64 characters, the same for every retry of this VM's launch in this subnet. */
    private static String clientToken(CreateRequest request, Optional<String> subnet) {
        String identity = request.labels().values().getOrDefault("vmpooler_instance", "") + "/" + request.pool()
                + "/" + request.vm() + "/" + subnet.orElse("");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "vmpooler-" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
