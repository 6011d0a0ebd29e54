package org.vmpooler.cli.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.vmpooler.cli.CliFailure;

/** Reading checkout answers in every shape the reference sends, and parsing what the user asks for. */
class CheckoutAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneVmIsAStringAndSeveralAnArrayKeyedByTheNameAsRequested() throws Exception {
        var body = JSON.readTree("""
                {"ok":true,"debian":{"hostname":["a.example.com","b.example.com"]},
                 "centos":{"hostname":"c.example.com"},"request_id":"r1","ready":true}""");

        assertThat(Hostnames.of(body)).isEqualTo(Map.of("debian", List.of("a.example.com", "b.example.com"),
                "centos", List.of("c.example.com")));
    }

    @Test
    void aV1DomainKeyCompletesShortNames() throws Exception {
        var body = JSON.readTree("{\"ok\":true,\"debian\":{\"hostname\":\"abc\"},\"domain\":\"example.net\"}");

        assertThat(Hostnames.of(body)).isEqualTo(Map.of("debian", List.of("abc.example.net")));
    }

    @Test
    void requestsRepeatEachPoolOncePerVmAndAddUpRepeats() {
        RequestedVms vms = RequestedVms.parse(List.of("debian=2", "centos", "debian"), false);

        assertThat(vms.path()).isEqualTo("debian+debian+debian+centos");
        assertThat(vms.describe()).isEqualTo("debian=3, centos");
    }

    @Test
    void badCountsAreUsageErrorsNamingTheArgument() {
        assertThatThrownBy(() -> RequestedVms.parse(List.of("debian=0"), false)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("'debian=0'");
        assertThatThrownBy(() -> RequestedVms.parse(List.of("debian=x"), false)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> RequestedVms.parse(List.of("=2"), false)).hasMessageContaining("POOL=COUNT");
        assertThat(RequestedVms.parse(List.of("debian=9"), true).counts()).containsEntry("debian", 9);
    }
}
