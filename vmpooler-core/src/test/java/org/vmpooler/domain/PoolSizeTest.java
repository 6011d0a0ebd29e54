package org.vmpooler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PoolSizeTest {

    @ParameterizedTest
    @CsvSource({"0,0", "7,7", "' 12 ',12", "10000,10000", "007,7"})
    void wholeNumbersUpToTheLimitAreSizes(String text, int size) {
        assertThat(PoolSize.parse(text)).contains(size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "+3", "2.5", "1e3", "10001", "99999999999", "", "ten", "0x10"})
    void anythingElseIsNot(String text) {
        assertThat(PoolSize.parse(text)).isEmpty();
    }
}
