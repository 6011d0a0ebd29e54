package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class KeySuggestionTest {
    private static final Set<String> POOL = PoolConfig.KEYS;

    @Test
    void aSlipOrASwapFindsTheKey() {
        assertThat(KeySuggestion.closest("sise", POOL)).contains("size");
        assertThat(KeySuggestion.closest("tempalte", POOL)).contains("template");
        assertThat(KeySuggestion.closest("dns_plugn", POOL)).contains("dns_plugin");
        assertThat(KeySuggestion.closest("Template", POOL)).contains("template");
    }

    @Test
    void anotherWordIsNotAMisspelling() {
        assertThat(KeySuggestion.closest("folder", POOL)).isEmpty();
        assertThat(KeySuggestion.closest("datastore", POOL)).isEmpty();
        assertThat(KeySuggestion.closest("size", POOL)).isEmpty();
    }
}
