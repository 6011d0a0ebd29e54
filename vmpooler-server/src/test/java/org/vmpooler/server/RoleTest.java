package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void noArgumentOrServerRunsBoth() {
        assertThat(Role.parse(List.of())).contains(EnumSet.allOf(Role.class));
        assertThat(Role.parse(List.of("server"))).contains(EnumSet.allOf(Role.class));
        assertThat(Role.parse(List.of("api", "manager"))).contains(EnumSet.allOf(Role.class));
    }

    @Test
    void singleRoles() {
        assertThat(Role.parse(List.of("api"))).contains(EnumSet.of(Role.API));
        assertThat(Role.parse(List.of("MANAGER"))).contains(EnumSet.of(Role.MANAGER));
    }

    @Test
    void anythingElseIsNotARole() {
        assertThat(Role.parse(List.of("-s", "Puma"))).isEmpty();
        assertThat(Role.parse(List.of("api", "bogus"))).isEmpty();
    }
}
