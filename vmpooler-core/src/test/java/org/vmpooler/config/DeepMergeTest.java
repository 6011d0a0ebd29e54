package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeepMergeTest {

    @Test
    void mapsMergeRecursively() {
        Map<String, Object> merged = DeepMerge.merge(
                Map.of("providers", Map.of("alice", Map.of("server", "a"))),
                Map.of("providers", Map.of("bob", Map.of("server", "b"), "alice", Map.of("port", 1))));

        assertThat(merged.get("providers")).isEqualTo(Map.of("alice", Map.of("server", "a", "port", 1),
                "bob", Map.of("server", "b")));
    }

    @Test
    void listsAreUnionedBaseFirstWithoutDuplicates() {
        Map<String, Object> merged = DeepMerge.merge(Map.of("pools", List.of("a", "b", "a")),
                Map.of("pools", List.of("c", "b", "d")));

        assertThat(merged.get("pools")).isEqualTo(List.of("a", "b", "c", "d"));
    }

    @Test
    void theBaseScalarWinsUnlessItIsAbsentNullOrFalse() {
        Map<String, Object> base = new HashMap<>();
        base.put("kept", 1);
        base.put("nil", null);
        base.put("off", false);
        base.put("on", true);
        base.put("scalar_over_map", "x");

        Map<String, Object> merged = DeepMerge.merge(base, Map.of("kept", 2, "nil", "set", "off", true, "on", false,
                "added", "new", "scalar_over_map", Map.of("k", "v")));

        assertThat(merged).containsEntry("kept", 1).containsEntry("nil", "set").containsEntry("off", true)
                .containsEntry("on", true).containsEntry("added", "new").containsEntry("scalar_over_map", "x");
    }

    @Test
    void neitherInputIsModified() {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("a", 1));
        Map<String, Object> base = new LinkedHashMap<>(Map.of("s", inner));

        DeepMerge.merge(base, Map.of("s", Map.of("b", 2)));

        assertThat(inner).containsOnlyKeys("a");
    }
}
