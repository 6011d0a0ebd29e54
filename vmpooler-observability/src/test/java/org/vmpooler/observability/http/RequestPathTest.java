package org.vmpooler.observability.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void collapsesTheReferencesDynamicPathsAndLeavesOthers() {
        assertThat(RequestPath.label("/api/v3/vm/abc123def", true)).isEqualTo("/api/v3/vm");
        assertThat(RequestPath.label("/api/v3/vm/debian+centos", true)).isEqualTo("/api/v3/vm");
        assertThat(RequestPath.label("/api/v3/vm", true)).isEqualTo("/api/v3/vm");
        assertThat(RequestPath.label("/api/v3/ondemandvm/1234-5678", true)).isEqualTo("/api/v3/ondemandvm");
        assertThat(RequestPath.label("/api/v3/token/abc", true)).isEqualTo("/api/v3/token");
        assertThat(RequestPath.label("/dashboard/lib/app.js", true)).isEqualTo("/dashboard/lib");
        assertThat(RequestPath.label("/img/logo.png", true)).isEqualTo("/img");
        assertThat(RequestPath.label("/api/v3/status", true)).isEqualTo("/api/v3/status");
    }

    @Test
    void requestsNoRouteTookShareOneLabel() {
        assertThat(RequestPath.label("/wp-admin/setup.php", false)).isEqualTo(RequestPath.UNMATCHED);
    }
}
