package org.vmpooler.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.build.Version;
import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.NewVm;

/** {@code /status}, {@code /poolstat} and {@code /totalrunning}. */
public abstract class StatusHttpTest extends ApiTestBase {

    private TestConfig threePools() {
        return new TestConfig()
                .pool("pool1", 2, "example", "single", null)
                .pool("pool2", 3, "example", List.of("many", "more"), null)
                .pool("pool3", 1, "example", null, null);
    }

    private void pending(String pool, String vm) {
        store.reservePendingVm(NewVm.forPool(vm, pool, "example.com", clock.instant()));
    }

    @Test
    void queueAndCapacityAreSummedOverEveryPool() {
        start(threePools());
        ready("pool1", "a1");
        ready("pool2", "b1");
        ready("pool2", "b2");
        pending("pool2", "b3");
        pending("pool3", "c1");
        ready("pool3", "c2");
        assertThat(post("/api/v3/vm/pool3").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));

        JsonNode body = get("/api/v3/status").json();

        assertThat(body.fieldNames()).toIterable()
                .containsExactly("boot", "capacity", "clone", "pools", "queue", "status");
        JsonNode queue = body.get("queue");
        assertThat(queue.get("requested").asLong()).isZero();
        assertThat(queue.get("pending").asLong()).isEqualTo(2);
        assertThat(queue.get("cloning").asLong()).isZero();
        assertThat(queue.get("booting").asLong()).isEqualTo(2);
        assertThat(queue.get("ready").asLong()).isEqualTo(3);
        assertThat(queue.get("running").asLong()).isEqualTo(1);
        assertThat(queue.get("completed").asLong()).isZero();
        assertThat(queue.get("total").asLong()).isEqualTo(6);
        JsonNode capacity = body.get("capacity");
        assertThat(capacity.get("current").asLong()).isEqualTo(3);
        assertThat(capacity.get("total").asLong()).isEqualTo(6);
        assertThat(capacity.get("percent").asDouble()).isEqualTo(50.0);
        JsonNode pool2 = body.get("pools").get("pool2");
        assertThat(pool2.fieldNames()).toIterable()
                .containsExactly("ready", "running", "pending", "max", "lastBoot", "alias");
        assertThat(pool2.get("ready").asInt()).isEqualTo(2);
        assertThat(pool2.get("pending").asInt()).isEqualTo(1);
        assertThat(pool2.get("max").asInt()).isEqualTo(3);
        assertThat(pool2.get("lastBoot").asText()).isNotEmpty();
        assertThat(pool2.get("alias").isArray()).isTrue();
        assertThat(body.get("pools").get("pool1").get("alias").asText()).isEqualTo("single");
        assertThat(body.get("pools").get("pool3").has("alias")).isFalse();
        assertThat(body.get("boot").get("count").get("total").asInt()).isEqualTo(4);
        assertThat(body.get("boot").get("duration").get("average").asDouble()).isEqualTo(30.0);
    }

    @Test
    void eachPoolNamesTheManagerThatOwnsItAndTheLiveManagersAreListed() {
        start(threePools());
        store.announceManager("host-b-7", Duration.ofMinutes(5));
        store.announceManager("host-a-3", Duration.ofMinutes(5));
        store.acquireLease("pool1", "host-a-3", Duration.ofMinutes(5)).orElseThrow();
        store.acquireLease("pool2", "host-b-7", Duration.ofMinutes(5)).orElseThrow();

        JsonNode body = get("/api/v3/status").json();

        assertThat(body.get("pools").get("pool1").get("manager").asText()).isEqualTo("host-a-3");
        assertThat(body.get("pools").get("pool2").get("manager").asText()).isEqualTo("host-b-7");
        assertThat(body.get("pools").get("pool3").has("manager")).as("a pool nobody owns").isFalse();
        assertThat(body.get("status").get("managers")).extracting(JsonNode::asText)
                .containsExactly("host-a-3", "host-b-7");
    }

    @Test
    void aPoolWhoseClonesFailSaysWhy() {
        start(threePools());
        store.recordCloneTrouble(new CloneTrouble("pool2", "quota", "Quota 'CPUS' exceeded", clock.instant(), 4,
                Optional.of(clock.instant().plusSeconds(60))));

        JsonNode pools = get("/api/v3/status").json().get("pools");

        JsonNode trouble = pools.get("pool2").get("clone_trouble");
        assertThat(trouble.get("kind").asText()).isEqualTo("quota");
        assertThat(trouble.get("reason").asText()).isEqualTo("Quota 'CPUS' exceeded");
        assertThat(trouble.get("failures").asInt()).isEqualTo(4);
        assertThat(trouble.get("since").asText()).isEqualTo(clock.instant().toString());
        assertThat(trouble.get("retry_at").asText()).isEqualTo(clock.instant().plusSeconds(60).toString());
        assertThat(pools.get("pool1").has("clone_trouble")).as("only the pool in trouble").isFalse();
    }

    @Test
    void emptyPoolsAreReportedWhateverTheView() {
        start(threePools());
        ready("pool1", "a1");

        for (String path : new String[] {"/api/v3/status", "/api/v3/status?view=capacity"}) {
            JsonNode status = get(path).json().get("status");

            assertThat(status.get("ok").asBoolean()).isFalse();
            assertThat(status.get("message").asText()).isEqualTo("Found 2 empty pools.");
            assertThat(status.get("empty")).extracting(JsonNode::asText).containsExactly("pool2", "pool3");
        }
    }

    @Test
    void fullPoolsAreFullyArmed() {
        start(new TestConfig().pool("pool1", 1));
        ready("pool1", "a1");

        JsonNode status = get("/api/v3/status?view=").json().get("status");

        assertThat(status.get("ok").asBoolean()).isTrue();
        assertThat(status.get("message").asText()).isEqualTo("Battle station fully armed and operational.");
        assertThat(status.has("empty")).isFalse();
        assertThat(status.get("uptime").isNumber()).isTrue();
        assertThat(status.get("version").asText()).isEqualTo(Version.current());
    }

    @Test
    void viewSelectsSections() {
        start(threePools());

        assertThat(get("/api/v3/status?view").json().fieldNames()).toIterable().hasSize(6);
        assertThat(get("/api/v3/status?view=").json().fieldNames()).toIterable().containsExactly("status");
        assertThat(get("/api/v3/status?view=queue,boot,bogus").json().fieldNames()).toIterable()
                .containsExactly("boot", "queue", "status");
    }

    @Test
    void statusIsServedFromACacheForAtMostASecond() {
        start(new TestConfig().pool("pool1", 2));
        assertThat(get("/api/v3/status").json().get("pools").get("pool1").get("ready").asInt()).isZero();
        ready("pool1", "a1");

        assertThat(get("/api/v3/status").json().get("pools").get("pool1").get("ready").asInt()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("/api/v3/status").json().get("pools").get("pool1").get("ready").asInt()).isEqualTo(1);
    }

    @Test
    void emptyCapacityPercentIsZero() {
        start(new TestConfig().pool("pool1", 0));

        assertThat(get("/api/v3/status").body()).contains("\"percent\": 0\n");
    }

    @Test
    void poolstatSelectsByNameOrAlias() {
        start(threePools());
        ready("pool2", "b1");

        Response response = get("/api/v3/poolstat?pool=single,more");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                {
                  "pools": {
                    "pool1": {
                      "max": 2,
                      "alias": "single",
                      "ready": 0
                    },
                    "pool2": {
                      "max": 3,
                      "alias": [
                        "many",
                        "more"
                      ],
                      "ready": 1
                    }
                  }
                }""");
        assertThat(get("/api/v3/poolstat").body()).isEqualTo("{\n  \"pools\": {}\n}");
    }

    @Test
    void totalRunningSumsEveryPool() {
        start(threePools());
        ready("pool1", "a1");
        ready("pool2", "b1");
        assertThat(post("/api/v3/vm/pool1+pool2").status()).isEqualTo(200);

        assertThat(get("/api/v3/totalrunning").body()).isEqualTo("{\n  \"running\": 2\n}");
    }
}
