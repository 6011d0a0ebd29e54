package org.vmpooler.provider.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.HostMigration;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.UserTagging;

/**
 * The provider conformance kit: what the engine relies on, checked against a provider's real back end or
 * simulator. A provider module extends it once and supplies the provider, two pools it serves and the requests it
 * cannot fulfil; every rule here is written once for all providers. Tests of capabilities a provider does not
 * offer are skipped, never failed.
 */
public abstract class ProviderContract {

    /** The labels the kit creates VMs with. */
    protected static final String INSTANCE = "vmp-contract";

    /** The provider under test, connected to its back end. */
    protected abstract Provider provider();

    /** A pool the provider serves; the kit's fixtures configure these two names unless they say otherwise. */
    protected String pool() {
        return "debian";
    }

    /** Another pool of the same provider, whose VMs must never be listed as {@link #pool()}'s. */
    protected String otherPool() {
        return "ubuntu";
    }

    /** A request for a VM of {@code pool} as the engine would make it, carrying {@code labels}. */
    protected abstract CreateRequest request(String pool, String vm, VmLabels labels);

    /** A request for {@code template} with no pool keys beyond the pool's name: what most platforms need. */
    protected static CreateRequest plainRequest(String pool, String vm, String template, VmLabels labels) {
        return new CreateRequest(pool, vm, template, Optional.empty(), Settings.empty(":pools: > " + pool), labels);
    }

    /** A request the provider must refuse with a permanent error (an unknown template, an unserved pool). */
    protected abstract CreateRequest impossibleRequest(String vm);

    /**
     * Makes the back end hold {@code request}'s VM as a create that never finished (its creator died midway):
     * powered off, still cloning, without an address — whatever such a VM looks like on the platform.
     */
    protected abstract void leaveHalfCreated(CreateRequest request);

    /** How long a new VM may take to be reported running. */
    protected Duration readyWithin() {
        return Duration.ofSeconds(30);
    }

    /** VM names must be unique per run on back ends that outlive a test; override to add a run prefix. */
    protected String name(String base) {
        return "ct-" + base;
    }

    private final List<String[]> created = new ArrayList<>();

    @AfterEach
    void destroyWhatWasCreated() {
        for (String[] vm : created) {
            try {
                provider().destroyVm(vm[0], vm[1]);
            } catch (RuntimeException e) {
                // The test that failed says why; cleaning up must not hide it.
            }
        }
    }

    private CreateRequest labelled(String pool, String vm) {
        return request(pool, vm, VmLabels.of(INSTANCE, pool, vm, Optional.of("req-1"), Optional.of("alice")));
    }

    private VmInfo create(String pool, String base) {
        String vm = name(base);
        created.add(new String[] {pool, vm});
        return provider().createVm(labelled(pool, vm));
    }

    @Test
    void aCreatedVmIsListedFoundReadyAndDestroyed() {
        VmInfo info = create(pool(), "round-trip");
        String vm = info.name();

        assertThat(vm).isEqualTo(name("round-trip"));
        assertThat(provider().vmsInPool(pool())).contains(vm);
        assertThat(provider().getVm(pool(), vm)).hasValueSatisfying(found -> {
            assertThat(found.name()).isEqualTo(vm);
            assertThat(found.pool()).isEqualTo(pool());
        });
        await().atMost(readyWithin()).until(() -> provider().vmReady(pool(), vm).ready());
        assertThat(provider().vmIpAddress(pool(), vm)).hasValueSatisfying(ip -> assertThat(ip).isNotBlank());

        assertThat(provider().destroyVm(pool(), vm)).isTrue();
        assertThat(provider().vmsInPool(pool())).doesNotContain(vm);
        assertThat(provider().getVm(pool(), vm)).isEmpty();
    }

    @Test
    void theLabelsGivenAtCreationComeBack() {
        String vm = create(pool(), "labelled").name();

        VmLabels labels = provider().getVm(pool(), vm).orElseThrow().labels();

        assertThat(labels.createdBy(INSTANCE)).isTrue();
        assertThat(labels.values()).containsAllEntriesOf(Map.of(VmLabels.POOL, pool(), VmLabels.VM, vm,
                VmLabels.REQUEST_ID, "req-1", VmLabels.USER, "alice"));
    }

    @Test
    void destroyingIsIdempotent() {
        String vm = create(pool(), "twice").name();

        assertThat(provider().destroyVm(pool(), vm)).isTrue();
        assertThat(provider().destroyVm(pool(), vm)).as("already gone").isTrue();
        assertThat(provider().destroyVm(pool(), name("never-existed"))).isTrue();
    }

    @Test
    void aPoolListsOnlyItsOwnVms() {
        String mine = create(pool(), "mine").name();
        String theirs = create(otherPool(), "theirs").name();

        assertThat(provider().vmsInPool(pool())).contains(mine).doesNotContain(theirs);
        assertThat(provider().vmsInPool(otherPool())).contains(theirs).doesNotContain(mine);
        assertThat(provider().getVm(pool(), theirs)).as("looked up in the wrong pool").isEmpty();
    }

    @Test
    void aHalfCreatedVmIsListedAndCanBeDestroyed() {
        String vm = name("half");
        created.add(new String[] {pool(), vm});
        leaveHalfCreated(labelled(pool(), vm));

        assertThat(provider().vmsInPool(pool())).as("the engine must see it to clean it up").contains(vm);
        assertThat(provider().destroyVm(pool(), vm)).isTrue();
        assertThat(provider().vmsInPool(pool())).doesNotContain(vm);
    }

    @Test
    void whatCannotBeCreatedFailsPermanentlyAndLeavesNothing() {
        CreateRequest impossible = impossibleRequest(name("impossible"));

        assertThatThrownBy(() -> provider().createVm(impossible)).isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(((ProviderException) e).permanent()).as("permanent").isTrue());
        assertThat(provider().vmsInPool(impossible.pool())).doesNotContain(impossible.vm());
    }

    @Test
    void concurrentCreatesAndDestroysLoseAndDuplicateNothing() throws Exception {
        List<String> names = IntStream.range(0, 32).mapToObj(i -> name("many-" + i)).toList();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<VmInfo>> creates = new ArrayList<>();
            for (String vm : names) {
                created.add(new String[] {pool(), vm});
                creates.add(threads.submit(() -> provider().createVm(labelled(pool(), vm))));
            }
            Set<String> made = new HashSet<>();
            for (Future<VmInfo> create : creates) {
                made.add(create.get().name());
            }
            assertThat(made).containsExactlyInAnyOrderElementsOf(names);
            List<String> listed = provider().vmsInPool(pool()).stream().filter(names::contains).toList();
            assertThat(listed).as("each VM listed once").containsExactlyInAnyOrderElementsOf(names);

            List<Future<Boolean>> destroys = new ArrayList<>();
            for (String vm : names) {
                destroys.add(threads.submit(() -> provider().destroyVm(pool(), vm)));
            }
            for (Future<Boolean> destroy : destroys) {
                assertThat(destroy.get()).isTrue();
            }
        }
        assertThat(provider().vmsInPool(pool())).doesNotContainAnyElementsOf(names);
    }

    @Test
    void disksCanBeAdded() {
        Optional<Disks> disks = provider().capability(Disks.class);
        assumeTrue(disks.isPresent(), "the provider offers no disks");
        String vm = create(pool(), "disk").name();

        assertThat(disks.get().createDisk(pool(), vm, 1)).isTrue();
        assertThat(provider().getVm(pool(), vm)).isPresent();
    }

    @Test
    void snapshotsCanBeTakenAndRevertedToByName() {
        Optional<Snapshots> snapshots = provider().capability(Snapshots.class);
        assumeTrue(snapshots.isPresent(), "the provider offers no snapshots");
        String vm = create(pool(), "snap").name();

        assertThat(snapshots.get().createSnapshot(pool(), vm, "clean")).isTrue();
        assertThat(snapshots.get().revertSnapshot(pool(), vm, "clean")).isTrue();
        assertThat(snapshots.get().revertSnapshot(pool(), vm, "no-such-snapshot")).isFalse();
    }

    @Test
    void aMigrationReportsWhatItDid() {
        Optional<HostMigration> migration = provider().capability(HostMigration.class);
        assumeTrue(migration.isPresent(), "the provider offers no migration");
        String vm = create(pool(), "migrate").name();

        Map<String, String> fields = migration.get().migrateVm(pool(), vm);

        assertThat(fields).isNotNull();
        assertThat(provider().getVm(pool(), vm)).isPresent();
    }

    @Test
    void aVmCanBeTaggedWithItsUser() {
        Optional<UserTagging> tagging = provider().capability(UserTagging.class);
        assumeTrue(tagging.isPresent(), "the provider offers no user tagging");
        String vm = create(pool(), "tagged").name();

        assertThat(tagging.get().tagVmUser(pool(), vm, "bob")).isTrue();
        assertThat(tagging.get().tagVmUser(pool(), vm, null)).as("a VM handed out without a token").isTrue();
    }

    @Test
    void purgingKeepsConfiguredAndAllowListedPools() {
        Optional<ResourcePurge> purge = provider().capability(ResourcePurge.class);
        assumeTrue(purge.isPresent(), "the provider offers no purge");
        String mine = create(pool(), "kept").name();
        String allowed = create(otherPool(), "allowed").name();

        purge.get().purgeUnconfiguredResources(List.of(otherPool()));

        assertThat(provider().vmsInPool(pool())).contains(mine);
        assertThat(provider().vmsInPool(otherPool())).contains(allowed);
    }
}
