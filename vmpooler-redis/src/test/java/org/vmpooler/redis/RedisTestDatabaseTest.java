package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisTestDatabaseTest {

    @Test
    void concurrentClaimsGetDistinctDatabasesThatStartEmptyAndAreEmptiedOnRelease() {
        try (RedisTestDatabase first = RedisTestDatabase.claim();
             RedisTestDatabase second = RedisTestDatabase.claim()) {
            assertThat(first.index()).isBetween(1, 15).isNotEqualTo(second.index());
            assertThat(first.redis().dbsize()).as("only the lock key").isEqualTo(1);

            first.redis().set("vmpooler__tasks__clone", "3");
            assertThat(second.redis().exists("vmpooler__tasks__clone")).isZero();

            first.flush();
            assertThat(first.redis().exists("vmpooler__tasks__clone")).isZero();
            assertThat(first.redis().dbsize()).as("the lock survives a flush").isEqualTo(1);

            first.redis().set("vmpooler__tasks__clone", "3");
            int index = first.index();
            first.close();
            second.redis().select(index);
            assertThat(second.redis().dbsize()).as("released database is empty and unlocked").isZero();
            second.redis().select(second.index());
        }
    }
}
