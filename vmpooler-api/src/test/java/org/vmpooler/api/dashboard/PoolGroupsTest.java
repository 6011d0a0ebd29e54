package org.vmpooler.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PoolGroupsTest {
    @Test
    void theGroupIsTheNameBeforeTheFirstDash() {
        assertThat(PoolGroups.major("centos-7-x86_64")).isEqualTo("centos");
        assertThat(PoolGroups.major("win.2019-x86_64")).isEqualTo("win.2019");
    }

    @Test
    void aNameWithoutALeadingPartIsItsOwnGroup() {
        assertThat(PoolGroups.major("debian")).isEqualTo("debian");
        assertThat(PoolGroups.major("-odd")).isEqualTo("-odd");
    }

    @Test
    void poolsAreGroupedInOrderOfFirstAppearance() {
        assertThat(PoolGroups.of(List.of("pool-1", "solo", "diffpool-1", "pool-2"))).containsExactly(
                Map.entry("pool", List.of("pool-1", "pool-2")), Map.entry("solo", List.of("solo")),
                Map.entry("diffpool", List.of("diffpool-1")));
    }
}
