package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.EndToEndTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTaskKind;

/**
 * Disks and snapshots: the API queues them, the real manager carries them out through the dummy provider and
 * {@code GET /vm/<host>} shows the result. Subclasses choose the store.
 */
public abstract class VmTaskEndToEndTest extends EndToEndTestBase {

    private String checkedOutVm(TestConfig testConfig) {
        start(testConfig.pool("debian", 1).loopDelay(FAST));
        startManager();
        eventually(() -> store.count("debian", VmState.READY), n -> n == 1);
        Response checkout = post("/api/v3/vm/debian");
        assertThat(checkout.status()).isEqualTo(200);
        String fqdn = checkout.json().get("debian").get("hostname").asText();
        return fqdn.substring(0, fqdn.indexOf('.'));
    }

    private JsonNode details(String vm) {
        return get("/api/v3/vm/" + vm).json().get(vm);
    }

    @Test
    void diskIsQueuedAddedByTheManagerAndShown() {
        String vm = checkedOutVm(new TestConfig());

        Response queued = post("/api/v3/vm/" + vm + ".example.com/disk/8");

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.body()).isEqualTo("""
                {
                  "ok": true,
                  "%s": {
                    "disk": "+8gb"
                  }
                }""".formatted(vm));
        JsonNode shown = eventually(() -> details(vm), d -> d.has("disk"));
        assertThat(shown.get("disk").toString()).isEqualTo("[\"+8gb\"]");
        assertThat(metrics.increments()).contains("http_requests_vm_total.post.vm.disksize");
        assertThat(post("/api/v3/vm/" + vm + "/disk/16").status()).isEqualTo(202);
        eventually(() -> details(vm).get("disk").toString(), d -> d.equals("[\"+8gb\",\"+16gb\"]"));
    }

    @Test
    void snapshotIsTakenAndCanBeRevertedTo() {
        String vm = checkedOutVm(new TestConfig());

        Response queued = post("/api/v3/vm/" + vm + "/snapshot");

        assertThat(queued.status()).isEqualTo(202);
        String name = queued.json().get(vm).get("snapshot").asText();
        assertThat(name).matches("[a-z0-9]{32}");
        JsonNode shown = eventually(() -> details(vm), d -> d.has("snapshots"));
        assertThat(shown.get("snapshots").toString()).isEqualTo("[\"" + name + "\"]");

        Response revert = post("/api/v3/vm/" + vm + "/snapshot/" + name);
        assertThat(revert.status()).isEqualTo(202);
        assertThat(revert.json().get("ok").asBoolean()).isTrue();
        eventually(() -> store.queuedVmTasks(VmTaskKind.REVERT), n -> n == 0);
        assertThat(post("/api/v3/vm/" + vm + "/snapshot/unknownsnapshot").status()).isEqualTo(404);
    }

    @Test
    void badSizesAndUnknownVmsAreRefused() {
        String vm = checkedOutVm(new TestConfig());

        for (String size : List.of("0", "2049", "abc", "-1", "1.5")) {
            Response refused = post("/api/v3/vm/" + vm + "/disk/" + size);
            assertThat(refused.status()).as(size).isEqualTo(400);
            assertThat(refused.json().get("ok").asBoolean()).isFalse();
        }
        assertThat(post("/api/v3/vm/poolvm-nosuch-vm/disk/8").status()).isEqualTo(404);
        assertThat(post("/api/v3/vm/poolvm-nosuch-vm/snapshot").status()).isEqualTo(404);
        assertThat(post("/api/v3/vm/poolvm-nosuch-vm/snapshot/abc").status()).isEqualTo(404);
        assertThat(post("/api/v3/vm/bad..name/snapshot").status()).isEqualTo(400);
        assertThat(store.queuedVmTasks(VmTaskKind.DISK)).isZero();
    }

    @Test
    void withAuthEveryTaskNeedsAValidToken() {
        String vm = checkedOutVm(new TestConfig().auth());
        token("tok-1", "jdoe");

        assertThat(post("/api/v3/vm/" + vm + "/disk/8").status()).isEqualTo(401);
        assertThat(post("/api/v3/vm/" + vm + "/snapshot").status()).isEqualTo(401);
        assertThat(send("POST", "/api/v3/vm/" + vm + "/snapshot", "", Map.of("X-AUTH-TOKEN", "wrong")).status())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v3/vm/" + vm + "/disk/8", "", Map.of("X-AUTH-TOKEN", "tok-1")).status())
                .isEqualTo(202);
    }
}
