package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.vmpooler.testing.MutableClock;

/** The Redis semantics the in-memory store relies on. */
class KeyspaceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final Keyspace keys = new Keyspace(clock);

    @Test
    void refusesToUseAKeyAsAnotherType() {
        keys.sadd("k", "a");

        assertThatThrownBy(() -> keys.hset("k", "f", "v"))
                .isInstanceOf(StoreException.class).hasMessageContaining("k holds a set, not a hash");
        assertThat(keys.smembers("k")).containsExactly("a");
    }

    @Test
    void emptyCollectionsStopExisting() {
        keys.sadd("set", "a");
        keys.hset("hash", "f", "v");
        keys.zadd("zset", "m", 1);

        keys.srem("set", "a");
        keys.hdel("hash", "f");
        keys.zrem("zset", "m");

        assertThat(keys.exists("set")).isFalse();
        assertThat(keys.exists("hash")).isFalse();
        assertThat(keys.exists("zset")).isFalse();
    }

    @Test
    void setDropsAnEarlierExpiryAndIncrementKeepsIt() {
        keys.set("plain", "1", Duration.ofSeconds(10));
        keys.set("plain", "2", null);
        keys.set("counter", "1", Duration.ofSeconds(10));
        keys.incrBy("counter", 1);

        clock.advance(Duration.ofSeconds(11));
        keys.expireDue();

        assertThat(keys.get("plain")).contains("2");
        assertThat(keys.exists("counter")).isFalse();
    }

    @Test
    void refusesToCountWhatIsNotANumber() {
        keys.set("k", "abc", null);

        assertThatThrownBy(() -> keys.incrBy("k", 1))
                .isInstanceOf(StoreException.class).hasMessageContaining("k").hasMessageContaining("abc");
    }

    @Test
    void keepsOnlyTheHighestScores() {
        for (int i = 1; i <= 5; i++) {
            keys.zadd("z", "m" + i, i);
        }

        keys.ztrimToHighest("z", 2);

        assertThat(keys.zrange("z")).extracting(StoredSortedSet.Scored::member).containsExactly("m4", "m5");
    }
}
