package org.vmpooler.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

class HistorySamplerTest {
    private static final Instant T0 = Instant.parse("2026-03-19T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0, ZoneOffset.UTC);
    private final Store store = new InMemoryStore(clock);
    private final VmpoolerConfig config = new TestConfig().pool("centos-7", 4).pool("debian", 2).build();
    private final DashboardHistory history = new DashboardHistory(Duration.ofSeconds(10));
    private final HistorySampler sampler = new HistorySampler(new PoolsReader(config, store, store, store, clock),
            config.poolNames(), history);

    @AfterEach
    void closeStore() {
        sampler.close();
        store.close();
    }

    private void pending(String pool, String vm) {
        store.reservePendingVm(NewVm.forPool(vm, pool, "example.com", clock.instant()));
    }

    private void ready(String pool, String vm, int bootSeconds) {
        pending(pool, vm);
        store.markReady(pool, List.of(new BootedVm(vm, Duration.ofSeconds(bootSeconds))),
                clock.instant(), RubyTime.day(clock.instant(), clock.getZone()));
    }

    @Test
    void eachSampleAddsThePoolsQueuesAndTodaysBootAverage() {
        pending("centos-7", "c1");
        sampler.sample();
        clock.advance(Duration.ofSeconds(10));
        store.markReady("centos-7", List.of(new BootedVm("c1", Duration.ofSeconds(30))),
                clock.instant(), RubyTime.day(T0, ZoneOffset.UTC));
        ready("debian", "d1", 50);
        sampler.sample();

        var read = history.read(DashboardHistory.seriesFor(config.poolNames()), HistoryRange.HOUR, clock.instant());

        assertThat(read.get("ready.centos-7")).containsExactly(new SeriesRing.Point(T0.getEpochSecond(), 0),
                new SeriesRing.Point(T0.getEpochSecond() + 10, 1));
        assertThat(read.get("pending.centos-7")).extracting(SeriesRing.Point::value).containsExactly(1.0, 0.0);
        assertThat(read.get("ready.debian")).extracting(SeriesRing.Point::value).containsExactly(0.0, 1.0);
        assertThat(read.get("running.debian")).extracting(SeriesRing.Point::value).containsExactly(0.0, 0.0);
        assertThat(read.get("boot.average")).extracting(SeriesRing.Point::value).containsExactly(40.0);
        assertThat(read.get("clone.average")).isEmpty();
    }

    @Test
    void theRunningSamplerTakesAPointAtOnce() {
        ready("debian", "d1", 20);
        sampler.start();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                !history.read(List.of("ready.debian"), HistoryRange.HOUR, clock.instant()).get("ready.debian").isEmpty());
        assertThat(history.read(List.of("ready.debian"), HistoryRange.HOUR, clock.instant()).get("ready.debian"))
                .containsExactly(new SeriesRing.Point(T0.getEpochSecond(), 1));
    }
}
