package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.testing.MutableClock;

class LoopSleepTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final MutableClock clock = ManagerHarness.clockAt("2026-01-01T00:00:00Z");
    private final LoopSleep sleep = new LoopSleep(clock, clock::advance);

    @Test
    void wakesEarlyWhenTheConditionHolds() throws InterruptedException {
        AtomicBoolean flag = new AtomicBoolean();

        assertThat(sleep.sleep(Duration.ofSeconds(60), Duration.ofSeconds(5), 0, flag::get)).isFalse();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));

        flag.set(true);
        assertThat(sleep.sleep(Duration.ofSeconds(60), Duration.ofSeconds(5), 0, flag::get)).isTrue();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:05Z"));
    }

    @Test
    void loopsWhosePassesEndTogetherWakeOnTheirOwnBeats() throws InterruptedException {
        List<Instant> wakes = new ArrayList<>();
        for (double phase : new double[] {0, 0.25, 0.5, 0.75}) {
            MutableClock own = ManagerHarness.clockAt("2026-01-01T00:00:00.300Z");
            new LoopSleep(own, own::advance).sleep(SECOND, SECOND, phase, () -> false);
            wakes.add(own.instant());
        }

        assertThat(wakes).containsExactly(Instant.parse("2026-01-01T00:00:01Z"),
                Instant.parse("2026-01-01T00:00:01.250Z"), Instant.parse("2026-01-01T00:00:01.500Z"),
                Instant.parse("2026-01-01T00:00:01.750Z"));
    }

    @Test
    void aLoopStaysOnItsBeatHoweverLongItsPassesTake() throws InterruptedException {
        for (long pass : new long[] {0, 130, 480, 620, 999, 1_700}) {
            clock.advance(Duration.ofMillis(pass));
            sleep.sleep(Duration.ofSeconds(2), SECOND, 0.4, () -> false);

            assertThat(clock.millis() % 1_000).isEqualTo(400);
        }
    }

    @Test
    void looksAtTheConditionOnlyOnBeatsHalfAPeriodAway() throws InterruptedException {
        clock.advance(Duration.ofMillis(900));
        List<Instant> looked = new ArrayList<>();

        sleep.sleep(Duration.ofSeconds(3), SECOND, 0, () -> {
            looked.add(clock.instant());
            return false;
        });

        assertThat(looked).containsExactly(Instant.parse("2026-01-01T00:00:02Z"),
                Instant.parse("2026-01-01T00:00:03Z"), Instant.parse("2026-01-01T00:00:04Z"));
    }
}
