package org.vmpooler.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.VmTaskKind;

/** {@code enforce_vm_ownership}: a token acts only on the VMs it checked out, on every route that changes one. */
abstract class VmOwnershipHttpTest extends ApiTestBase {
    private static final String ALICE = "alicetoken";
    private static final String BOB = "bobtoken";

    private String checkedOutByAlice(TestConfig testConfig) {
        start(testConfig.pool("debian", 1));
        token(ALICE, "alice");
        token(BOB, "bob");
        ready("debian", "vm1");
        assertThat(send("POST", "/api/v3/vm/debian", "", Map.of("X-AUTH-TOKEN", ALICE)).status()).isEqualTo(200);
        return "vm1";
    }

    private int as(String token, String method, String path, String body) {
        return send(method, path, body, token == null ? Map.of() : Map.of("X-AUTH-TOKEN", token)).status();
    }

    @Test
    void anotherTokenCannotChangeDiskSnapshotOrGiveBackTheVm() {
        String vm = checkedOutByAlice(new TestConfig().auth().ownershipEnforced());

        assertThat(as(BOB, "PUT", "/api/v3/vm/" + vm, "{\"lifetime\": 2}")).isEqualTo(403);
        assertThat(as(BOB, "POST", "/api/v3/vm/" + vm + "/disk/10", "")).isEqualTo(403);
        assertThat(as(BOB, "POST", "/api/v3/vm/" + vm + "/snapshot", "")).isEqualTo(403);
        assertThat(as(BOB, "DELETE", "/api/v3/vm/" + vm, null)).isEqualTo(403);
        assertThat(as(null, "POST", "/api/v3/vm/" + vm + "/disk/10", "")).isEqualTo(401);
        assertThat(store.queuedVmTasks(VmTaskKind.DISK)).isZero();
        assertThat(store.queuedVmTasks(VmTaskKind.SNAPSHOT)).isZero();
        assertThat(store.vm(vm).orElseThrow().fields()).doesNotContainEntry("lifetime", "2");

        assertThat(as(ALICE, "POST", "/api/v3/vm/" + vm + "/disk/10", "")).isEqualTo(202);
        assertThat(as(ALICE, "POST", "/api/v3/vm/" + vm + "/snapshot", "")).isEqualTo(202);
        assertThat(as(ALICE, "DELETE", "/api/v3/vm/" + vm, null)).isEqualTo(200);
        assertThat(store.queuedVmTasks(VmTaskKind.DISK)).isOne();
        assertThat(store.queuedVmTasks(VmTaskKind.SNAPSHOT)).isOne();
    }

    @Test
    void anyValidTokenMayActWhenOwnershipIsNotEnforced() {
        String vm = checkedOutByAlice(new TestConfig().auth());

        assertThat(as(BOB, "POST", "/api/v3/vm/" + vm + "/disk/10", "")).isEqualTo(202);
        assertThat(as(BOB, "DELETE", "/api/v3/vm/" + vm, null)).isEqualTo(200);
    }
}
