package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * A Ruby vmpooler 3.9.1 and this store share one Redis: data written with raw commands exactly as the reference
 * writes it is read correctly, and what the store writes has the reference's keys, types, fields and formats.
 */
class ReferenceCompatibilityTest {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final Instant NOW = Instant.parse("2026-03-19T06:40:59Z");
    private static final String NOW_RUBY = "2026-03-19 12:10:59 +0530";
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 19);
    private static final String RUBY_TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}";

    private RedisTestDatabase db;
    private RedisCommands<String, String> raw;
    private RedisStore store;

    @BeforeEach
    void connect() {
        db = RedisTestDatabase.claim();
        raw = db.redis();
        store = RedisStore.connect(db.config(), Clock.fixed(NOW, KOLKATA));
    }

    @AfterEach
    void release() {
        store.close();
        db.close();
    }

    // ------------------------------------------------------------ written by the reference, read by us

    @Test
    void aDayWrittenPartlyByTheReferenceIsSummedUpWholeAndItsSummaryKeptFromThen() {
        store.recordCloneSuccess(List.of(new ClonedVm("centos-7", "vm-a", Duration.ofMillis(8_500), "10.0.0.1")),
                TODAY);
        store.recordCloneSuccess(List.of(new ClonedVm("centos-7", "vm-b", Duration.ofSeconds(10), "")), TODAY);
        assertThat(raw.hgetall("vmpooler__clone__2026-03-19"))
                .containsOnly(Map.entry("centos-7:vm-a", "8.50"), Map.entry("centos-7:vm-b", "10.00"));
        assertThat(raw.hget("vmpooler__clone__2026-03-19__summary", "count")).isEqualTo("2");

        raw.hset("vmpooler__clone__2026-03-19", "centos-7:vm-ruby", "30.00");
        StatusSnapshot status = store.statusSnapshot(List.of("centos-7"), TODAY);

        assertThat(status.cloneTimes()).isEqualTo(new DurationSummary(3, 48.5, 8.5, 30.0));
        assertThat(raw.hmget("vmpooler__clone__2026-03-19__summary", "count", "min", "max"))
                .extracting(kv -> kv.getValue()).containsExactly("3", "8.5", "30");
        store.recordCloneSuccess(List.of(new ClonedVm("centos-7", "vm-c", Duration.ofSeconds(2), "")), TODAY);
        assertThat(store.statusSnapshot(List.of("centos-7"), TODAY).cloneTimes())
                .isEqualTo(new DurationSummary(4, 50.5, 2.0, 30.0));
    }

    @Test
    void readsPoolQueuesAndVmRecordsWrittenByTheReference() {
        raw.sadd("vmpooler__ready__centos-7", "vm-a", "vm-b");
        raw.sadd("vmpooler__pending__centos-7", "vm-c");
        raw.sadd("vmpooler__running__centos-7", "vm-d");
        raw.sadd("vmpooler__migrating__centos-7", "vm-d");
        raw.hset("vmpooler__active__centos-7", "vm-d", "2026-03-19 10:00:00 +0530");
        raw.hset("vmpooler__vm__vm-d", Map.of("clone", "2026-03-19 09:58:01 +0530", "template", "centos-7",
                "pool", "centos-7", "checkout", "2026-03-19 10:00:00 +0530", "lifetime", "12",
                "token:token", "tok", "token:user", "alice", "tag:team", "qa", "disk", "+8gb:+10gb"));

        PoolQueues queues = store.queues("centos-7");
        assertThat(queues.in(VmState.READY)).containsExactlyInAnyOrder("vm-a", "vm-b");
        assertThat(queues.stateOf("vm-c")).contains(VmState.PENDING);
        assertThat(queues.stateOf("vm-d")).contains(VmState.RUNNING);
        assertThat(queues.in(VmState.MIGRATING)).containsExactly("vm-d");
        assertThat(queues.checkoutTime("vm-d", KOLKATA)).contains(Instant.parse("2026-03-19T04:30:00Z"));
        assertThat(store.counts(List.of("centos-7")).get("centos-7").ready()).isEqualTo(2);

        VmRecord vm = store.vm("vm-d").orElseThrow();
        assertThat(vm.pool()).contains("centos-7");
        assertThat(vm.cloneStarted(KOLKATA)).contains(Instant.parse("2026-03-19T04:28:01Z"));
        assertThat(vm.lifetimeHours()).hasValue(12);
        assertThat(vm.tokenUser()).contains("alice");
        assertThat(vm.tags()).containsEntry("team", "qa");
        assertThat(vm.disks()).containsExactly("+8gb", "+10gb");
        assertThat(store.allVmNames()).containsExactly("vm-d");
    }

    @Test
    void readsTokensOverridesStatisticsCountersAndTasksWrittenByTheReference() {
        raw.hset("vmpooler__token__abc123", Map.of("user", "alice", "created", NOW_RUBY));
        raw.hset("vmpooler__token__def456", Map.of("user", "bob", "created", NOW_RUBY, "last", NOW_RUBY));
        raw.hset("vmpooler__config__poolsize", "centos-7", "5");
        raw.hset("vmpooler__config__template", "centos-7", "templates/centos-7-v2");
        raw.sadd("vmpooler__poolreset", "centos-7");
        raw.sadd("vmpooler__pool__undo_size_override", "debian-12");
        raw.hset("vmpooler__template__prepared", "centos-7", "templates/centos-7");
        raw.hset("vmpooler__boot__2026-03-19", Map.of("centos-7:vm-a", "12.34", "centos-7:vm-b", "20.00"));
        raw.hset("vmpooler__clone__2026-03-19", "centos-7:vm-a", "8.50");
        raw.hset("vmpooler__lastboot", "centos-7", NOW_RUBY);
        raw.set("vmpooler__tasks__clone", "2");
        raw.sadd("vmpooler__tasks__disk", "vm-a:8");
        raw.sadd("vmpooler__tasks__snapshot-revert", "vm-a:snap1");

        assertThat(store.tokensOf("alice")).singleElement().satisfies(t -> {
            assertThat(t.token()).isEqualTo("abc123");
            assertThat(t.created()).contains(NOW_RUBY);
            assertThat(t.last()).isEmpty();
        });
        assertThat(store.token("def456").orElseThrow().last()).contains(NOW_RUBY);
        assertThat(store.poolRuntime("centos-7").override(PoolOverride.SIZE)).contains("5");
        assertThat(store.overrides(PoolOverride.TEMPLATE)).containsEntry("centos-7", "templates/centos-7-v2");
        assertThat(store.poolRuntime("centos-7").flagged(PoolFlag.RESET)).isTrue();
        assertThat(store.takeFlag(PoolFlag.UNDO_SIZE_OVERRIDE, "debian-12")).isTrue();
        assertThat(store.poolRuntime("centos-7").preparedTemplate()).contains("templates/centos-7");
        assertThat(store.dailyStats(DailyStat.BOOT, TODAY)).containsEntry("centos-7:vm-a", "12.34");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(2);
        assertThat(store.claimVmTask(VmTaskKind.DISK)).contains(new VmTask(VmTaskKind.DISK, "vm-a", "8"));
        assertThat(store.queuedVmTasks(VmTaskKind.REVERT)).isEqualTo(1);

        StatusSnapshot status = store.statusSnapshot(List.of("centos-7"), TODAY);
        assertThat(status.bootTimes()).isEqualTo(new DurationSummary(2, 32.34, 12.34, 20.0));
        assertThat(status.cloneTimes()).isEqualTo(new DurationSummary(1, 8.5, 8.5, 8.5));
        assertThat(status.lastBoot()).containsEntry("centos-7", NOW_RUBY);
        assertThat(status.poolClonesInFlight()).isEqualTo(2);
    }

    @Test
    void readsOnDemandRequestsWrittenByTheReference() {
        raw.zadd("vmpooler__provisioning__request", 1773902459, "rid-1");
        raw.hset("vmpooler__odrequest__rid-1", Map.of("requested", "centos:centos-7:2,debian:debian-12:1",
                "token:token", "abc123", "token:user", "alice"));
        raw.zadd("vmpooler__odcreate__task", 1, "centos:centos-7:1:rid-0");
        raw.sadd("vmpooler__rid-0__centos__centos-7", "vm-x");

        assertThat(store.newOndemandRequests()).containsExactly(new ScoredRequest("rid-1", 1773902459));
        var request = store.ondemandRequest("rid-1").orElseThrow();
        assertThat(request.requested()).containsExactly(new RequestedLine("centos", "centos-7", 2),
                new RequestedLine("debian", "debian-12", 1));
        assertThat(request.tokenUser()).contains("alice");
        assertThat(store.ondemandTasks()).containsExactly(new OndemandTask("centos", "centos-7", 1, "rid-0", 1));
        assertThat(store.deliveredVms("rid-0", "centos", "centos-7")).containsExactly("vm-x");
        assertThat(store.statusSnapshot(List.of("centos-7"), TODAY).ondemandRequested())
                .as("three VMs in the new request plus one queued task").isEqualTo(4);
    }

    // ------------------------------------------------------------ written by us, as the reference writes it

    @Test
    void writesTheLifecycleOfAPoolVmAsTheReferenceDoes() {
        assertThat(store.reservePendingVm(NewVm.forPool("vm-a", "centos-7", "example.com", NOW))).isTrue();
        assertThat(raw.type("vmpooler__vm__vm-a")).isEqualTo("hash");
        assertThat(raw.hgetall("vmpooler__vm__vm-a")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "clone", NOW_RUBY, "template", "centos-7", "pool", "centos-7", "domain", "example.com"));
        assertThat(raw.type("vmpooler__pending__centos-7")).isEqualTo("set");
        assertThat(raw.smembers("vmpooler__pending__centos-7")).containsExactly("vm-a");
        assertThat(raw.ttl("vmpooler__vm__vm-a")).as("no expiry while alive").isEqualTo(-1);

        store.recordCloneSuccess(List.of(new ClonedVm("centos-7", "vm-a", Duration.ofMillis(8504), "10.0.0.5")), TODAY);
        assertThat(raw.hmget("vmpooler__vm__vm-a", "clone_time", "ip").stream().map(kv -> kv.getValue()))
                .containsExactly("8.50", "10.0.0.5");
        assertThat(raw.hget("vmpooler__clone__2026-03-19", "centos-7:vm-a")).isEqualTo("8.50");

        assertThat(store.markReady("centos-7", List.of(new BootedVm("vm-a", Duration.ofMillis(12340))),
                NOW, TODAY)).containsExactly("vm-a");
        assertThat(raw.smembers("vmpooler__ready__centos-7")).containsExactly("vm-a");
        assertThat(raw.exists("vmpooler__pending__centos-7")).isZero();
        assertThat(raw.hget("vmpooler__vm__vm-a", "ready")).isEqualTo(NOW_RUBY);
        assertThat(raw.hget("vmpooler__boot__2026-03-19", "centos-7:vm-a")).isEqualTo("12.34");
        assertThat(raw.hget("vmpooler__lastboot", "centos-7")).isEqualTo(NOW_RUBY);

        CheckoutResult result = store.checkout(new CheckoutRequest(
                List.of(new CheckoutLine("centos", List.of("centos-7"), 1)), NOW, "abc123", "alice", 2, true));
        assertThat(result).isEqualTo(new CheckoutResult.Granted(
                List.of(new CheckoutResult.Grant("centos", "vm-a", "centos-7"))));
        assertThat(raw.smembers("vmpooler__running__centos-7")).containsExactly("vm-a");
        assertThat(raw.smembers("vmpooler__migrating__centos-7")).containsExactly("vm-a");
        assertThat(raw.type("vmpooler__active__centos-7")).isEqualTo("hash");
        assertThat(raw.hget("vmpooler__active__centos-7", "vm-a")).isEqualTo(NOW_RUBY);
        assertThat(raw.hmget("vmpooler__vm__vm-a", "checkout", "token:token", "token:user", "lifetime").stream()
                .map(kv -> kv.getValue())).containsExactly(NOW_RUBY, "abc123", "alice", "2");

        store.setTags("vm-a", Map.of("team", "qa"), TODAY);
        assertThat(raw.hget("vmpooler__vm__vm-a", "tag:team")).isEqualTo("qa");
        assertThat(raw.hget("vmpooler__tag__2026-03-19", "vm-a:team")).isEqualTo("qa");

        assertThat(store.requestDestroy("vm-a").name()).isEqualTo("QUEUED");
        assertThat(raw.smembers("vmpooler__completed__centos-7")).containsExactly("vm-a");
        assertThat(raw.exists("vmpooler__migrating__centos-7")).isZero();

        store.markDestroying("centos-7", List.of("vm-a"), NOW, Duration.ofHours(168));
        assertThat(raw.hget("vmpooler__vm__vm-a", "destroy")).matches(RUBY_TIME);
        assertThat(raw.hexists("vmpooler__active__centos-7", "vm-a")).isFalse();
        assertThat(raw.ttl("vmpooler__vm__vm-a")).isCloseTo(168 * 3600, within(5L));
        store.finishDestroy("centos-7", List.of("vm-a"));
        assertThat(raw.exists("vmpooler__completed__centos-7")).isZero();
    }

    @Test
    void writesOnDemandRequestsAsTheReferenceDoes() {
        assertThat(store.createOndemandRequest("rid-1", List.of(new RequestedLine("centos", "centos-7", 2)),
                "abc123", "alice", NOW)).isTrue();
        assertThat(raw.type("vmpooler__provisioning__request")).isEqualTo("zset");
        assertThat(raw.zrangeWithScores("vmpooler__provisioning__request", 0, -1))
                .containsExactly(ScoredValue.just(NOW.getEpochSecond(), "rid-1"));
        assertThat(raw.hgetall("vmpooler__odrequest__rid-1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "requested", "centos:centos-7:2", "token:token", "abc123", "token:user", "alice"));

        store.beginOndemandProcessing(new ScoredRequest("rid-1", NOW.getEpochSecond()),
                List.of(new RequestedLine("centos", "centos-7", 2)), NOW.plusSeconds(5));
        assertThat(raw.zrangeWithScores("vmpooler__odcreate__task", 0, -1))
                .containsExactly(ScoredValue.just(NOW.getEpochSecond() + 5, "centos:centos-7:2:rid-1"));
        assertThat(raw.zrangeWithScores("vmpooler__provisioning__processing", 0, -1))
                .containsExactly(ScoredValue.just(NOW.getEpochSecond(), "rid-1"));
        assertThat(raw.exists("vmpooler__provisioning__request")).isZero();

        store.queueOndemandRetry("rid-1", "centos", "centos-7");
        assertThat(raw.zrangeWithScores("vmpooler__odcreate__task", 0, -1)).as("one task per request line")
                .containsExactly(ScoredValue.just(1, "centos:centos-7:3:rid-1"));
        assertThat(store.incrementOndemandRetries("rid-1")).isEqualTo(1);
        assertThat(raw.hget("vmpooler__odrequest__rid-1", "retry_count")).isEqualTo("1");

        store.reservePendingVm(new NewVm("vm-o", "centos-7", "example.com", NOW, "rid-1", "centos"));
        assertThat(raw.hmget("vmpooler__vm__vm-o", "request_id", "pool_alias").stream().map(kv -> kv.getValue()))
                .containsExactly("rid-1", "centos");
        assertThat(store.deliverOndemandVm(new OndemandDelivery("centos-7", "vm-o", "rid-1", "centos", NOW,
                Duration.ofSeconds(30), TODAY, "abc123", "alice", 12))).isTrue();
        assertThat(raw.smembers("vmpooler__rid-1__centos__centos-7")).containsExactly("vm-o");
        assertThat(raw.smembers("vmpooler__running__centos-7")).containsExactly("vm-o");
        assertThat(raw.hget("vmpooler__active__centos-7", "vm-o")).isEqualTo(NOW_RUBY);
        assertThat(raw.hmget("vmpooler__vm__vm-o", "checkout", "ready", "token:token", "token:user", "lifetime")
                .stream().map(kv -> kv.getValue())).containsExactly(NOW_RUBY, NOW_RUBY, "abc123", "alice", "12");
        assertThat(raw.hget("vmpooler__boot__2026-03-19", "centos-7:vm-o")).isEqualTo("30.00");

        store.completeOndemandRequest("rid-1");
        assertThat(raw.hget("vmpooler__odrequest__rid-1", "status")).isEqualTo("ready");
        assertThat(raw.ttl("vmpooler__odrequest__rid-1")).isCloseTo(2_592_000L, within(5L));
        assertThat(raw.exists("vmpooler__provisioning__processing")).isZero();

        assertThat(store.deleteOndemandRequest("rid-1").name()).isEqualTo("DELETED");
        assertThat(raw.hget("vmpooler__odrequest__rid-1", "status")).isEqualTo("deleted");
        assertThat(raw.ttl("vmpooler__odrequest__rid-1")).as("two weeks, as documented")
                .isCloseTo(1_209_600L, within(5L));
        assertThat(raw.smembers("vmpooler__completed__centos-7")).containsExactly("vm-o");
        assertThat(raw.exists("vmpooler__rid-1__centos__centos-7")).isZero();
    }

    @Test
    void writesRegistryTokensCountersAndReliabilityKeysAsTheReferenceDoes() {
        raw.sadd("vmpooler__pools", "retired");
        raw.hset("vmpooler__pool__retired", "size", "1");
        store.publishPools(Map.of("centos-7", Map.of("size", "5", "alias", "centos,el7", "domain", "example.com")));
        assertThat(raw.smembers("vmpooler__pools")).containsExactly("centos-7");
        assertThat(raw.hgetall("vmpooler__pool__centos-7")).containsEntry("size", "5")
                .containsEntry("alias", "centos,el7");
        assertThat(raw.exists("vmpooler__pool__retired")).isZero();

        store.createToken("abc123", "alice", NOW);
        assertThat(raw.hgetall("vmpooler__token__abc123"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "created", NOW_RUBY));
        store.useToken("abc123", NOW);
        assertThat(raw.hget("vmpooler__token__abc123", "last")).isEqualTo(NOW_RUBY);

        assertThat(store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 3, "manager-1")).isOne();
        assertThat(raw.type("vmpooler__tasks__ondemandclone")).isEqualTo("string");
        assertThat(raw.get("vmpooler__tasks__ondemandclone")).isEqualTo("1");
        store.resetCloneSlots();
        assertThat(raw.mget("vmpooler__tasks__clone", "vmpooler__tasks__ondemandclone").stream()
                .map(kv -> kv.getValue())).containsExactly("0", "0");

        store.setOverride(PoolOverride.CLONE_TARGET, "centos-7", "cluster2");
        assertThat(raw.hget("vmpooler__config__clone_target", "centos-7")).isEqualTo("cluster2");
        store.raiseFlag(PoolFlag.UNDO_TEMPLATE_OVERRIDE, "centos-7");
        assertThat(raw.smembers("vmpooler__pool__undo_template_override")).containsExactly("centos-7");
        assertThat(store.markPoolEmpty("centos-7", true)).isTrue();
        assertThat(raw.get("vmpooler__empty__centos-7")).isEqualTo("true");

        store.queueVmTask(new VmTask(VmTaskKind.SNAPSHOT, "vm-a", "snap1"));
        assertThat(raw.smembers("vmpooler__tasks__snapshot")).containsExactly("vm-a:snap1");

        store.addDeadLetter("clone", "vm-a:1773902459:{\"vm\":\"vm-a\"}", 1773902459, 10, Duration.ofHours(168));
        assertThat(raw.type("vmpooler__dlq__clone")).isEqualTo("zset");
        assertThat(raw.zscore("vmpooler__dlq__clone", "vm-a:1773902459:{\"vm\":\"vm-a\"}")).isEqualTo(1773902459.0);
        assertThat(raw.ttl("vmpooler__dlq__clone")).isCloseTo(168 * 3600, within(5L));

        store.writeHealth(Map.of("status", "healthy", "last_check", "2026-03-19T12:10:59+05:30"), Duration.ofHours(1));
        assertThat(raw.hget("vmpooler__health", "status")).isEqualTo("healthy");
        assertThat(raw.ttl("vmpooler__health")).isCloseTo(3600, within(5L));

        store.hitRateLimit("vm_creation", "ip:10.0.0.1", Duration.ofSeconds(60));
        assertThat(raw.get("vmpooler__ratelimit__vm_creation__ip:10.0.0.1")).isEqualTo("1");
        assertThat(raw.ttl("vmpooler__ratelimit__vm_creation__ip:10.0.0.1")).isCloseTo(60, within(2L));
    }
}
