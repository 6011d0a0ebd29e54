package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.TestConfig;

class CandidatePoolsTest {

    /** Always draws the given fraction of the range, so a test picks the outcome of every draw. */
    private record FixedDraw(double fraction) implements RandomGenerator {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are expected");
        }

        @Override
        public long nextLong(long bound) {
            return (long) (fraction * bound);
        }

        @Override
        public int nextInt(int bound) {
            return (int) (fraction * bound);
        }
    }

    private static TestConfig weighted() {
        return new TestConfig()
                .pool("pool1", 1, "example", List.of("pool2"), "compute1")
                .pool("pool3", 1, "example", List.of("pool2"), "compute2")
                .backendWeight("compute1", 5).backendWeight("compute2", 0);
    }

    @Test
    void aPlainPoolIsItsOnlyCandidate() {
        CandidatePools candidates = new CandidatePools(weighted().build(), new FixedDraw(0.99));

        assertThat(candidates.orderFor("pool1")).containsExactly("pool1");
        assertThat(candidates.isKnown("pool1")).isTrue();
        assertThat(candidates.isKnown("pool2")).isTrue();
        assertThat(candidates.isKnown("nope")).isFalse();
    }

    @Test
    void weightsDecideWhichPoolOfAnAliasGoesFirst() {
        CandidatePools candidates = new CandidatePools(weighted().build(), new FixedDraw(0.99));

        assertThat(candidates.orderFor("pool2")).containsExactly("pool1", "pool3");
    }

    @Test
    void weightsAreProportional() {
        TestConfig config = new TestConfig()
                .pool("a", 1, "example", "x", "t1")
                .pool("b", 1, "example", "x", "t2")
                .backendWeight("t1", 1).backendWeight("t2", 3);

        assertThat(new CandidatePools(config.build(), new FixedDraw(0.2)).orderFor("x")).containsExactly("a", "b");
        assertThat(new CandidatePools(config.build(), new FixedDraw(0.3)).orderFor("x")).containsExactly("b", "a");
    }

    @Test
    void withoutAWeightForEveryPoolTheDrawIsUniform() {
        TestConfig config = new TestConfig()
                .pool("a", 1, "example", "x", "t1")
                .pool("b", 1, "example", "x", null)
                .pool("c", 1, "example", "x", null)
                .backendWeight("t1", 100);

        assertThat(new CandidatePools(config.build(), new FixedDraw(0.0)).orderFor("x")).containsExactly("a", "b", "c");
        assertThat(new CandidatePools(config.build(), new FixedDraw(0.5)).orderFor("x")).containsExactly("b", "a", "c");
        assertThat(new CandidatePools(config.build(), new FixedDraw(0.9)).orderFor("x")).containsExactly("c", "a", "b");
    }

    @Test
    void allZeroWeightsKeepConfigurationOrder() {
        TestConfig config = new TestConfig()
                .pool("a", 1, "example", "x", "t1")
                .pool("b", 1, "example", "x", "t1")
                .backendWeight("t1", 0);

        assertThat(new CandidatePools(config.build(), new FixedDraw(0.9)).orderFor("x")).containsExactly("a", "b");
    }

    @Test
    void aNameThatIsBothPoolAndAliasOffersBoth() {
        TestConfig config = new TestConfig()
                .pool("x", 1, "example", null, null)
                .pool("b", 1, "example", "x", null);

        assertThat(new CandidatePools(config.build(), new FixedDraw(0.0)).orderFor("x")).containsExactly("x", "b");
    }
}
