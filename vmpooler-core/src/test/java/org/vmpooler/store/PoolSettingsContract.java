package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolRuntime;

/**
 * The contract of {@link PoolSettings}: publication, overrides, flags, templates, identity, empty marks, clone troubles.
 * Run against every store.
 */
public abstract class PoolSettingsContract extends StoreContract {

    @Test
    void publishingPoolsReplacesTheRegistryAndEachPoolsFields() {
        store.publishPools(Map.of(
                "centos", Map.of("size", "5", "alias", "el,rhel", "domain", "example.com"),
                "debian", Map.of("size", "1")));

        assertThat(store.publishedPools()).containsExactlyInAnyOrder("centos", "debian");
        assertThat(store.publishedPool("centos"))
                .containsOnly(entry("size", "5"), entry("alias", "el,rhel"), entry("domain", "example.com"));

        store.publishPools(Map.of("centos", Map.of("size", "3")));

        assertThat(store.publishedPools()).containsExactly("centos");
        assertThat(store.publishedPool("centos")).containsOnly(entry("size", "3"));
        assertThat(store.publishedPool("debian")).isEmpty();
        assertThat(store.publishedPool("unknown")).isEmpty();
    }

    @Test
    void refusesAPoolWithANullFieldWithoutPublishingAnything() {
        store.publishPools(Map.of("centos", Map.of("size", "5")));
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("size", null);
        Map<String, Map<String, String>> pools = new LinkedHashMap<>();
        pools.put("debian", Map.of("size", "1"));
        pools.put("broken", broken);

        assertThatThrownBy(() -> store.publishPools(pools))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken");

        assertThat(store.publishedPools()).containsExactly("centos");
        assertThat(store.publishedPool("centos")).containsOnly(entry("size", "5"));
    }

    @Test
    void keepsOneCloneTroublePerPoolUntilCleared() {
        CloneTrouble quota = new CloneTrouble("gce", "quota", "Quota 'CPUS' exceeded", T0, 2,
                Optional.of(T0.plusSeconds(30)));
        CloneTrouble error = new CloneTrouble("vsphere", "error", "Datastore full", T0, 1, Optional.empty());

        store.recordCloneTrouble(quota);
        store.recordCloneTrouble(error);
        store.recordCloneTrouble(new CloneTrouble("gce", "quota", "still exceeded", T0, 3,
                Optional.of(T0.plusSeconds(90))));

        assertThat(store.cloneTroubles()).containsOnlyKeys("gce", "vsphere");
        assertThat(store.cloneTroubles().get("gce")).isEqualTo(new CloneTrouble("gce", "quota", "still exceeded",
                T0, 3, Optional.of(T0.plusSeconds(90))));
        assertThat(store.cloneTroubles().get("vsphere")).isEqualTo(error);
        assertThat(store.clearCloneTrouble("gce")).isTrue();
        assertThat(store.clearCloneTrouble("gce")).as("already clear").isFalse();
        assertThat(store.cloneTroubles()).containsOnlyKeys("vsphere");
    }

    @Test
    void keepsOverridesPerKind() {
        store.setOverride(PoolOverride.SIZE, "centos", "7");
        store.setOverride(PoolOverride.SIZE, "debian", "2");
        store.setOverride(PoolOverride.TEMPLATE, "centos", "templates/centos-8");

        assertThat(store.overrides(PoolOverride.SIZE)).containsOnly(entry("centos", "7"), entry("debian", "2"));
        assertThat(store.poolRuntime("centos").override(PoolOverride.TEMPLATE)).contains("templates/centos-8");
        assertThat(store.poolRuntime("centos").override(PoolOverride.CLONE_TARGET)).isEmpty();
        assertThat(store.overrides(PoolOverride.CLONE_TARGET)).isEmpty();

        assertThat(store.clearOverride(PoolOverride.SIZE, "centos")).isTrue();
        assertThat(store.clearOverride(PoolOverride.SIZE, "centos")).isFalse();
        assertThat(store.overrides(PoolOverride.SIZE)).containsOnly(entry("debian", "2"));
    }

    @Test
    void readsAPoolsRuntimeChangesTogether() {
        assertThat(store.poolRuntime("centos")).isEqualTo(new PoolRuntime("centos", Map.of(), Set.of(),
                Optional.empty()));
        store.setOverride(PoolOverride.SIZE, "centos", "3");
        store.setOverride(PoolOverride.TEMPLATE, "centos", "templates/centos-9");
        store.setOverride(PoolOverride.SIZE, "debian", "9");
        store.raiseFlag(PoolFlag.RESET, "centos");
        store.raiseFlag(PoolFlag.UNDO_SIZE_OVERRIDE, "debian");
        store.setPreparedTemplate("centos", "templates/centos");

        PoolRuntime centos = store.poolRuntime("centos");

        assertThat(centos).isEqualTo(new PoolRuntime("centos", Map.of(PoolOverride.SIZE, "3", PoolOverride.TEMPLATE,
                "templates/centos-9"), Set.of(PoolFlag.RESET), Optional.of("templates/centos")));
        assertThat(centos.size()).contains(3);
        assertThat(store.poolRuntime("debian").flags()).containsExactly(PoolFlag.UNDO_SIZE_OVERRIDE);
    }

    @Test
    void flagsAreTakenOnce() {
        store.raiseFlag(PoolFlag.RESET, "centos");
        store.raiseFlag(PoolFlag.RESET, "centos");

        assertThat(store.poolRuntime("centos").flagged(PoolFlag.RESET)).isTrue();
        assertThat(store.poolRuntime("centos").flagged(PoolFlag.UNDO_SIZE_OVERRIDE)).isFalse();
        assertThat(store.poolRuntime("debian").flagged(PoolFlag.RESET)).isFalse();
        assertThat(store.takeFlag(PoolFlag.RESET, "centos")).isTrue();
        assertThat(store.takeFlag(PoolFlag.RESET, "centos")).isFalse();
        assertThat(store.poolRuntime("centos").flagged(PoolFlag.RESET)).isFalse();
    }

    @Test
    void remembersPreparedTemplatesAndDeltaDisks() {
        assertThat(store.poolRuntime("centos").preparedTemplate()).isEmpty();
        store.setPreparedTemplate("centos", "templates/centos-8");
        store.setPreparedTemplate("debian", "templates/debian-12");
        store.setPreparedTemplate("centos", "templates/centos-9");

        assertThat(store.poolRuntime("centos").preparedTemplate()).contains("templates/centos-9");
        assertThat(store.preparedTemplates())
                .containsOnly(entry("centos", "templates/centos-9"), entry("debian", "templates/debian-12"));

        assertThat(store.hasTemplateDeltas("templates/centos-9")).isFalse();
        store.addTemplateDeltas("templates/centos-9");
        assertThat(store.hasTemplateDeltas("templates/centos-9")).isTrue();
    }

    @Test
    void keepsTheFirstInstanceIdentityItIsOffered() {
        assertThat(store.instanceIdentity("first")).isEqualTo("first");
        assertThat(store.instanceIdentity("second")).as("a later manager takes the identity already there")
                .isEqualTo("first");
    }

    @Test
    void reportsWhenAPoolBecomesEmptyOrNotOnce() {
        assertThat(store.markPoolEmpty("centos", false)).isFalse();
        assertThat(store.markPoolEmpty("centos", true)).isTrue();
        assertThat(store.markPoolEmpty("centos", true)).isFalse();
        assertThat(store.markPoolEmpty("debian", true)).isTrue();
        assertThat(store.markPoolEmpty("centos", false)).isTrue();
        assertThat(store.markPoolEmpty("centos", false)).isFalse();
    }
}
