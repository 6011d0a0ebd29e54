package org.vmpooler.provider.gce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.testing.StartedThreads;

/** What the GCE provider does beyond the conformance kit, observed in the Compute Engine fake's state. */
class GceProviderTest {
    private static GceFixture gce;
    private static GceProvider provider;

    @BeforeAll
    static void start() throws Exception {
        gce = new GceFixture();
        provider = gce.provider(Map.of());
    }

    @AfterAll
    static void stop() {
        gce.close();
    }

    @AfterEach
    void cleanUp() {
        for (String vm : gce.fake.compute().instanceNames()) {
            JsonNode instance = gce.fake.compute().instance(GceFixture.ZONE, vm);
            provider.destroyVm(instance.path("labels").path("pool").asText("debian"), vm);
        }
    }

    private static VmInfo create(String pool, String vm, Map<String, Object> poolKeys) {
        return provider.createVm(new CreateRequest(pool, vm, GceFixture.IMAGE, Optional.empty(),
                new Settings(poolKeys, ":pools: > " + pool, "test"),
                VmLabels.of("vmp-test", pool, vm, Optional.empty(), Optional.empty())));
    }

    @Test
    void anInstanceCarriesTheLabelsTagsBootDiskAndAddressTheReferenceGaveIt() {
        VmInfo info = create("debian", "gce-shape", Map.of());
        JsonNode instance = gce.fake.compute().instance(GceFixture.ZONE, "gce-shape");

        assertThat(instance.path("labels").path("vm").asText()).isEqualTo("gce-shape");
        assertThat(instance.path("labels").path("pool").asText()).isEqualTo("debian");
        assertThat(instance.path("labels").path("vmpooler_instance").asText()).isEqualTo("vmp-test");
        assertThat(instance.path("tags").path("items").path(0).asText()).isEqualTo("vmp-test");
        assertThat(instance.path("disks").path(0).path("boot").asBoolean()).isTrue();
        assertThat(gce.fake.compute().diskNames()).contains("gce-shape-disk0");
        assertThat(info.ip()).contains(instance.path("networkInterfaces").path(0).path("networkIP").asText());
        assertThat(info.powerState()).isEqualTo("RUNNING");
        assertThat(info.extras()).containsEntry("zone", GceFixture.ZONE);
    }

    @Test
    void thePoolsMachineTypeWinsAndTheProvidersIsTheFallback() {
        create("debian", "gce-default-type", Map.of());
        create("debian", "gce-own-type", Map.of("machine_type", "e2-medium"));

        assertThat(gce.fake.compute().instance(GceFixture.ZONE, "gce-default-type").path("machineType").asText())
                .endsWith("/e2-small");
        assertThat(gce.fake.compute().instance(GceFixture.ZONE, "gce-own-type").path("machineType").asText())
                .endsWith("/e2-medium");
    }

    @Test
    void anUnknownMachineTypeIsAPermanentError() {
        assertThatThrownBy(() -> create("debian", "gce-bad-type", Map.of("machine_type", "x9-huge")))
                .isInstanceOf(ProviderException.class).hasMessageContaining("x9-huge")
                .satisfies(e -> assertThat(((ProviderException) e).permanent()).isTrue());
    }

    @Test
    void quotaAndCapacityErrorsAreCapacityExceptionsNamingTheReason() {
        gce.fake.compute().failInstanceInserts(1, "QUOTA_EXCEEDED");
        assertThatThrownBy(() -> create("debian", "gce-quota", Map.of()))
                .isInstanceOfSatisfying(ProviderCapacityException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderCapacityException.Kind.QUOTA))
                .hasMessageContaining("QUOTA_EXCEEDED").hasMessageContaining("Quota 'CPUS' exceeded");

        gce.fake.compute().failInstanceInserts(1, "ZONE_RESOURCE_POOL_EXHAUSTED");
        assertThatThrownBy(() -> create("debian", "gce-capacity", Map.of()))
                .isInstanceOfSatisfying(ProviderCapacityException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderCapacityException.Kind.CAPACITY))
                .hasMessageContaining("ZONE_RESOURCE_POOL_EXHAUSTED");

        assertThat(create("debian", "gce-after-quota", Map.of()).name()).as("the quota cleared")
                .isEqualTo("gce-after-quota");
    }

    @Test
    void aRetriedInsertWhoseFirstAnswerWasLostFindsItsOwnInstance() {
        gce.fake.compute().loseNextInsertAnswer();

        assertThat(create("debian", "gce-lost-answer", Map.of()).powerState()).isEqualTo("RUNNING");

        assertThatThrownBy(() -> provider.createVm(new CreateRequest("debian", "gce-lost-answer", GceFixture.IMAGE,
                Optional.empty(), Settings.empty("p"), VmLabels.of("someone-else", "debian", "gce-lost-answer",
                        Optional.empty(), Optional.empty()))))
                .as("a name taken by another instance").isInstanceOf(ProviderException.class)
                .hasMessageContaining("alreadyExists");
    }

    @Test
    void throttlingIsRetriedWithBackOffAndThenReportedAsThrottled() {
        gce.fake.throttle(2);
        assertThat(provider.vmsInPool("debian")).as("two 429s are within the four tries").isNotNull();

        gce.fake.throttle(10);
        assertThatThrownBy(() -> provider.vmsInPool("debian"))
                .isInstanceOfSatisfying(ProviderCapacityException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderCapacityException.Kind.THROTTLED))
                .hasMessageContaining("429");
        gce.fake.throttle(0);
    }

    @Test
    void anOperationThatNeverFinishesIsGivenUpAtTheOperationTimeout() {
        GceProvider impatient = gce.provider(Map.of("operation_timeout", 1));
        gce.fake.compute().holdOperations(true);
        try {
            assertThatThrownBy(() -> impatient.createVm(new CreateRequest("debian", "gce-slow", GceFixture.IMAGE,
                    Optional.empty(), Settings.empty("p"), VmLabels.NONE)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("operation_timeout");
        } finally {
            gce.fake.compute().holdOperations(false);
        }
    }

    @Test
    void disksAreNumberedLabelledAttachedAndGoWithTheVm() {
        create("debian", "gce-disks", Map.of());

        assertThat(provider.createDisk("debian", "gce-disks", 20)).isTrue();
        assertThat(provider.createDisk("debian", "gce-disks", 30)).isTrue();

        JsonNode instance = gce.fake.compute().instance(GceFixture.ZONE, "gce-disks");
        assertThat(instance.path("disks").findValuesAsText("deviceName"))
                .containsExactly("gce-disks-disk0", "gce-disks-disk1", "gce-disks-disk2");
        provider.destroyVm("debian", "gce-disks");
        assertThat(gce.fake.compute().diskNames()).noneMatch(d -> d.startsWith("gce-disks-"));
    }

    @Test
    void aSnapshotCoversEveryDiskAndARevertRebuildsThemFromIt() {
        create("debian", "gce-snap", Map.of());
        provider.createDisk("debian", "gce-snap", 10);

        assertThat(provider.createSnapshot("debian", "gce-snap", "clean")).isTrue();
        assertThat(gce.fake.compute().snapshotNames()).hasSize(2);
        assertThatThrownBy(() -> provider.createSnapshot("debian", "gce-snap", "clean"))
                .isInstanceOf(ProviderException.class).hasMessageContaining("already exists");

        assertThat(provider.revertSnapshot("debian", "gce-snap", "clean")).isTrue();

        JsonNode instance = gce.fake.compute().instance(GceFixture.ZONE, "gce-snap");
        assertThat(instance.path("status").asText()).isEqualTo("RUNNING");
        assertThat(instance.path("disks")).hasSize(2);
        assertThat(instance.path("disks").path(0).path("deviceName").asText()).isEqualTo("gce-snap-disk0");
        assertThat(instance.path("disks").path(0).path("boot").asBoolean()).isTrue();
        assertThat(provider.revertSnapshot("debian", "gce-snap", "other")).isFalse();

        provider.destroyVm("debian", "gce-snap");
        assertThat(gce.fake.compute().snapshotNames()).isEmpty();
        assertThat(gce.fake.compute().diskNames()).noneMatch(d -> d.startsWith("gce-snap-"));
    }

    @Test
    void theUserLabelIsSetWithTheFingerprintAndSurvivesAConcurrentLabelChange() {
        create("debian", "gce-tag", Map.of());
        gce.fake.compute().beforeNextSetLabels(() -> gce.fake.compute().touchLabels(GceFixture.ZONE, "gce-tag"));

        assertThat(provider.tagVmUser("debian", "gce-tag", "Bob@Example.com")).isTrue();

        JsonNode labels = gce.fake.compute().instance(GceFixture.ZONE, "gce-tag").path("labels");
        assertThat(labels.path("token-user").asText()).isEqualTo("bob-example-com");
        assertThat(labels.path("touched").asText()).as("the concurrent change kept").isEqualTo("yes");
        assertThat(labels.path("pool").asText()).isEqualTo("debian");
    }

    @Test
    void purgeDeletesWhatNoPoolOrAllowlistEntryKeeps() {
        VmpoolerConfig config = PluginConfigs.builder().provider("gce", "gce", gce.settings(Map.of()))
                .pool("debian", "gce").build();
        GceProvider onlyDebian = GceFixture.provider(config, "gce");
        create("debian", "gce-kept", Map.of());
        create("ubuntu", "gce-unconfigured", Map.of());
        create("ubuntu", "gce-marked", Map.of());
        gce.fake.compute().putHalfCreated(GceFixture.ZONE, "gce-unlabelled", Map.of());
        gce.fake.compute().putHalfCreated(GceFixture.ZONE, "gce-keepme", Map.of("keep", "yes"));

        onlyDebian.purgeUnconfiguredResources(List.of("keep=yes"));

        assertThat(gce.fake.compute().instanceNames()).containsExactlyInAnyOrder("gce-kept", "gce-keepme");
        gce.fake.compute().putHalfCreated(GceFixture.ZONE, "gce-unlabelled", Map.of());
        onlyDebian.purgeUnconfiguredResources(List.of(""));
        assertThat(gce.fake.compute().instanceNames()).contains("gce-unlabelled");
        provider.destroyVm("debian", "gce-unlabelled");
        gce.fake.compute().putHalfCreated(GceFixture.ZONE, "gce-keepme-too", Map.of("pool", "keepme"));
        onlyDebian.purgeUnconfiguredResources(List.of("KeepMe"));
        assertThat(gce.fake.compute().instanceNames()).contains("gce-keepme-too");
    }

    @Test
    void theHostnameIsTheVmsNameInThePoolsDomain() {
        VmpoolerConfig config = PluginConfigs.builder().dns("cloud", "gcp", "vmpooler.test", Map.of())
                .provider("gce", "gce", gce.settings(Map.of())).pool("debian", "gce", "cloud").build();
        GceProvider withDomain = GceFixture.provider(config, "gce");

        VmInfo info = withDomain.createVm(new CreateRequest("debian", "gce-named", GceFixture.IMAGE, Optional.empty(),
                Settings.empty("p"), VmLabels.NONE));

        assertThat(gce.fake.compute().instance(GceFixture.ZONE, "gce-named").path("hostname").asText())
                .isEqualTo("gce-named.vmpooler.test");
        assertThat(info.hostname()).as("what the hostname-mismatch check compares").contains("gce-named");
    }

    @Test
    void badSettingsStopTheStartWithEveryProblemNamed() {
        Map<String, Object> noDefaults = gce.settings(Map.of());
        noDefaults.remove("zone");
        noDefaults.remove("machine_type");
        VmpoolerConfig config = PluginConfigs.builder().provider("gce", "gce", noDefaults).pool("debian", "gce").build();

        assertThatThrownBy(() -> GceFixture.provider(config, "gce")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no zone").hasMessageContaining("no machine_type");
        Map<String, Object> noProject = gce.settings(Map.of());
        noProject.remove("project");
        VmpoolerConfig config2 = PluginConfigs.builder().provider("gce", "gce", noProject).pool("debian", "gce").build();
        assertThatThrownBy(() -> GceFixture.provider(config2, "gce")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("project is required");
        assertThatThrownBy(() -> gce.provider(Map.of("endpoint", "http://compute.example.com/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("loopback");
    }

    @Test
    void closingTheProviderEndsItsHttpClientsThread() {
        AtomicReference<GceProvider> own = new AtomicReference<>();
        StartedThreads selector = StartedThreads.during(() -> own.set(gce.provider(Map.of())),
                thread -> thread.getName().endsWith("-SelectorManager"));
        own.get().vmsInPool("debian");

        own.get().close();

        selector.awaitEnded();
    }
}
