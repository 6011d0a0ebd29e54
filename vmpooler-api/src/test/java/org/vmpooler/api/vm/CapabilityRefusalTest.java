package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** A disk or snapshot for a VM whose pool's provider cannot do it is refused at once, and nothing is queued. */
class CapabilityRefusalTest extends ApiTestBase {

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    private void runningVm() {
        start(new TestConfig().providerClass("bare").pool("debian", 1));
        store.add("debian", "vm1", VmState.RUNNING);
        store.setVmFields("vm1", Map.of(Field.POOL, "debian", Field.SNAPSHOT_PREFIX + "clean", "2026-03-19"));
    }

    @Test
    void aSnapshotOfAVmWhoseProviderHasNoneIsA400NamingPoolClassAndCapability() {
        runningVm();

        Response refused = post("/api/v3/vm/vm1/snapshot");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("pool").asText()).isEqualTo("debian");
        assertThat(refused.json().get("provider_class").asText()).isEqualTo("bare");
        assertThat(refused.json().get("capability").asText()).isEqualTo("snapshots");
        assertThat(refused.json().get("error").asText()).contains("does not offer snapshots");
        assertThat(post("/api/v3/vm/vm1/snapshot/clean").status()).as("revert").isEqualTo(400);
        assertThat(store.queuedVmTasks(VmTaskKind.SNAPSHOT)).isZero();
        assertThat(store.queuedVmTasks(VmTaskKind.REVERT)).isZero();
    }

    @Test
    void aDiskForAVmWhoseProviderHasNoneIsRefusedToo() {
        runningVm();

        Response refused = post("/api/v3/vm/vm1/disk/8");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("capability").asText()).isEqualTo("disks");
        assertThat(store.queuedVmTasks(VmTaskKind.DISK)).isZero();
    }
}
