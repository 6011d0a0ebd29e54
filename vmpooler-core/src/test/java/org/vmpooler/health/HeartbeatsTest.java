package org.vmpooler.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.vmpooler.testing.MutableClock;

class HeartbeatsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"), ZoneId.of("UTC"));
    private final Heartbeats heartbeats = new Heartbeats(clock, Duration.ofMinutes(10));

    @Test
    void aPassLongerThanTheLimitStallsItsLoop() {
        Heartbeat pool = heartbeats.register("pool-centos");
        heartbeats.register("vm-tasks").sleeping(Duration.ofHours(1));

        clock.advance(Duration.ofMinutes(10));
        assertThat(heartbeats.stalled()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(heartbeats.stalled()).containsExactly("pool-centos");

        pool.working();
        assertThat(heartbeats.stalled()).isEmpty();
    }

    @Test
    void aSleepingLoopIsOnlyStalledWhenItOversleepsByTheLimit() {
        Heartbeat purge = heartbeats.register("queue-purge");
        purge.sleeping(Duration.ofHours(1));

        clock.advance(Duration.ofHours(1).plusMinutes(10));
        assertThat(heartbeats.stalled()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(heartbeats.stalled()).containsExactly("queue-purge");
    }

    @Test
    void aLoopThatEndedIsNoLongerWatched() {
        Heartbeat loop = heartbeats.register("ondemand-provisioner");
        assertThat(heartbeats.watched()).isEqualTo(1);

        loop.close();
        clock.advance(Duration.ofDays(1));

        assertThat(heartbeats.watched()).isZero();
        assertThat(heartbeats.stalled()).isEmpty();
    }

    @Test
    void twoRunningLoopsCannotShareAName() {
        heartbeats.register("pool-centos");
        assertThatThrownBy(() -> heartbeats.register("pool-centos")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pool-centos");
    }
}
