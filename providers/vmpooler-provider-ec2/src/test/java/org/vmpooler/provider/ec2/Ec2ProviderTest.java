package org.vmpooler.provider.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderCapacityException;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.testing.StartedThreads;

/** What the EC2 provider does beyond the conformance kit: subnets, errors, pool keys, volumes, purge. */
class Ec2ProviderTest {

    private static FakeEc2 fake;
    private static Ec2Provider ec2;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeEc2.start().settleTime(java.time.Duration.ofMillis(20));
        fake.parameter("/aws/service/debian/release/12/latest/amd64", Ec2Fixtures.AMI);
        ec2 = Ec2Fixtures.provider(config("debian", "ubuntu"), "ec2");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @AfterEach
    void cleanUp() {
        fake.capacityRestored();
        fake.throttleNext(0);
        for (String pool : List.of("debian", "ubuntu", "retired")) {
            ec2.vmsInPool(pool).forEach(vm -> ec2.destroyVm(pool, vm));
        }
    }

    private static VmpoolerConfig config(String... pools) {
        PluginConfigs configs = PluginConfigs.builder().provider("ec2", "ec2", Ec2Fixtures.providerSettings(fake));
        for (String pool : pools) {
            configs.pool(pool, "ec2");
        }
        return configs.build();
    }

    private static CreateRequest request(String vm, String template, Map<String, Object> poolKeys) {
        return new CreateRequest("debian", vm, template, Optional.empty(),
                new Settings(poolKeys, ":pools: > debian", "test"),
                VmLabels.of("vmp-test", "debian", vm, Optional.empty(), Optional.empty()));
    }

    private static CreateRequest request(String vm) {
        return request(vm, Ec2Fixtures.AMI, Map.of());
    }

    @Test
    void aPoolsInstancesAreSpreadOverItsSubnets() {
        ec2.createVm(request("spread-1"));
        ec2.createVm(request("spread-2"));

        assertThat(List.of(fake.subnetOf("spread-1").orElseThrow(), fake.subnetOf("spread-2").orElseThrow()))
                .containsExactlyInAnyOrder("subnet-0aaa", "subnet-0bbb");
    }

    @Test
    void aSubnetWithoutCapacityIsSkippedForTheNext() {
        fake.noCapacityIn("subnet-0aaa");

        ec2.createVm(request("cap-1"));
        ec2.createVm(request("cap-2"));

        assertThat(fake.subnetOf("cap-1")).contains("subnet-0bbb");
        assertThat(fake.subnetOf("cap-2")).contains("subnet-0bbb");
    }

    @Test
    void noCapacityInAnySubnetIsACapacityErrorNamingThem() {
        fake.noCapacityIn("subnet-0aaa", "subnet-0bbb");

        assertThatThrownBy(() -> ec2.createVm(request("nocap")))
                .isInstanceOfSatisfying(ProviderCapacityException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCapacityException.Kind.CAPACITY);
                    assertThat(e.permanent()).isFalse();
                })
                .hasMessageContainingAll("subnet-0aaa", "subnet-0bbb", "InsufficientInstanceCapacity", "t3.micro");
        assertThat(ec2.vmsInPool("debian")).doesNotContain("nocap");
    }

    @Test
    void throttlingIsRetriedWithBackoffThenReportedAsThrottled() {
        fake.throttleNext(2);
        assertThat(ec2.createVm(request("throttled")).name()).isEqualTo("throttled");

        fake.throttleNext(1000);
        assertThatThrownBy(() -> ec2.vmsInPool("debian"))
                .isInstanceOfSatisfying(ProviderCapacityException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderCapacityException.Kind.THROTTLED))
                .hasMessageContaining("RequestLimitExceeded");
    }

    @Test
    void anUnknownAmiOrInstanceTypeIsPermanentAndSaysWhich() {
        assertThatThrownBy(() -> ec2.createVm(request("no-ami", "ami-0missing", Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContainingAll("ami-0missing", "InvalidAMIID.NotFound");
        assertThatThrownBy(() -> ec2.createVm(request("no-type", Ec2Fixtures.AMI, Map.of("amisize", "m9.huge"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContainingAll("m9.huge", "InvalidParameterValue");
        assertThatThrownBy(() -> ec2.createVm(request("no-path", "debian-12", Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContaining("SSM parameter path");
    }

    @Test
    void anSsmParameterNamesTheLatestAmi() {
        ec2.createVm(request("latest", "resolve:ssm:/aws/service/debian/release/12/latest/amd64", Map.of()));

        assertThat(fake.lastRequest("RunInstances")).containsEntry("ImageId", Ec2Fixtures.AMI);
        assertThatThrownBy(() -> ec2.createVm(request("missing", "/aws/service/none", Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContainingAll("/aws/service/none", "ParameterNotFound");
    }

    @Test
    void poolKeysShapeTheLaunch() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("amisize", "t3.medium");
        keys.put("volume_size", 30);
        keys.put("volume_type", "gp3");
        keys.put("user_data", "#cloud-config\n");
        keys.put("spot", true);
        keys.put("subnet_ids", List.of("subnet-0bbb"));
        keys.put("security_group_ids", List.of("sg-0123"));

        ec2.createVm(request("shaped", Ec2Fixtures.AMI, keys));

        assertThat(fake.lastRequest("RunInstances")).containsEntry("InstanceType", "t3.medium")
                .containsEntry("SubnetId", "subnet-0bbb")
                .containsEntry("SecurityGroupId.1", "sg-0123")
                .containsEntry("InstanceInitiatedShutdownBehavior", "terminate")
                .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
                .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "30")
                .containsEntry("BlockDeviceMapping.1.Ebs.VolumeType", "gp3")
                .containsEntry("InstanceMarketOptions.MarketType", "spot")
                .containsEntry("UserData", Base64.getEncoder().encodeToString(
                        "#cloud-config\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(fake.tagsOf("shaped")).containsEntry("team", "ci").containsEntry("Name", "shaped")
                .containsEntry("vmpooler_provider", "ec2").containsEntry("vmpooler_instance", "vmp-test");
    }

    @Test
    void badPoolKeysAreReportedTogether() {
        assertThatThrownBy(() -> ec2.createVm(request("bad", Ec2Fixtures.AMI,
                Map.of("volume_size", 0, "volume_type", "ssd", "subnet_ids", List.of("net-1")))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContainingAll("volume_size", "volume_type", "subnet_ids");
    }

    @Test
    void badProviderKeysStopTheStartAllAtOnce() {
        Settings bad = new Settings(Map.of("subnet_ids", List.of("net-1"), "poll_interval", -1,
                "tags", Map.of("aws:owner", "x")), ":providers: > :ec2:", "vmpooler.yaml");

        assertThatThrownBy(() -> Ec2Settings.of(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("region", "subnet_ids", "poll_interval", "tags", "vmpooler.yaml");
    }

    @Test
    void disksAreAttachedAtTheNextFreeDeviceAndGoWithTheInstance() {
        ec2.createVm(request("disks"));

        ec2.createDisk("debian", "disks", 10);
        ec2.createDisk("debian", "disks", 20);

        assertThat(fake.devicesOf("disks")).containsOnlyKeys("/dev/xvda", "/dev/sdf", "/dev/sdg");
        ec2.destroyVm("debian", "disks");
        assertThat(fake.volumeIds()).isEmpty();
    }

    @Test
    void aRevertReplacesEverySnapshottedVolumeAndDestroyRemovesTheSnapshots() {
        ec2.createVm(request("snappy"));
        ec2.createDisk("debian", "snappy", 5);
        Map<String, String> before = fake.devicesOf("snappy");

        assertThat(ec2.createSnapshot("debian", "snappy", "clean")).isTrue();
        assertThat(fake.snapshotIds()).hasSize(2);
        assertThatThrownBy(() -> ec2.createSnapshot("debian", "snappy", "clean"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue());

        assertThat(ec2.revertSnapshot("debian", "snappy", "clean")).isTrue();
        Map<String, String> after = fake.devicesOf("snappy");
        assertThat(after).containsOnlyKeys(before.keySet());
        assertThat(after.values()).doesNotContainAnyElementsOf(before.values());
        assertThat(fake.volumeIds()).containsExactlyInAnyOrderElementsOf(after.values());
        assertThat(ec2.vmReady("debian", "snappy").ready()).isTrue();
        assertThat(ec2.revertSnapshot("debian", "snappy", "other")).isFalse();

        ec2.destroyVm("debian", "snappy");
        assertThat(fake.snapshotIds()).isEmpty();
        assertThat(fake.volumeIds()).isEmpty();
    }

    @Test
    void theUserIsATag() {
        ec2.createVm(request("owned"));

        ec2.tagVmUser("debian", "owned", "alice");

        assertThat(fake.tagsOf("owned")).containsEntry("token-user", "alice");
        assertThat(ec2.getVm("debian", "owned").orElseThrow().extras()).containsEntry("user", "alice");
    }

    @Test
    void purgeRemovesWhatThisProviderMadeForPoolsNoLongerServed() {
        Ec2Provider before = Ec2Fixtures.provider(config("debian", "retired"), "ec2");
        CreateRequest retired = new CreateRequest("retired", "old", Ec2Fixtures.AMI, Optional.empty(),
                Settings.empty(":pools: > retired"), VmLabels.of("vmp-test", "retired", "old", Optional.empty(),
                        Optional.empty()));
        before.createVm(retired);
        before.createDisk("retired", "old", 1);
        before.createSnapshot("retired", "old", "s1");
        ec2.createVm(request("kept"));

        ec2.purgeUnconfiguredResources(List.of());

        assertThat(ec2.vmsInPool("retired")).isEmpty();
        assertThat(ec2.vmsInPool("debian")).contains("kept");
        assertThat(fake.snapshotIds()).isEmpty();
        assertThat(fake.liveInstances().values()).allMatch(v -> v.startsWith("kept"));
    }

    @Test
    void closingTheProviderEndsTheThreadsItsClientsStarted() {
        Ec2Provider provider = Ec2Fixtures.provider(config("debian"), "ec2");
        StartedThreads sdk = StartedThreads.during(() -> provider.vmsInPool("debian"),
                thread -> thread.getName().startsWith("sdk-"));

        provider.close();

        sdk.awaitEnded();
    }
}
