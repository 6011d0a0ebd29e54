package org.vmpooler.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.MetricsConfig;

class GraphiteMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void writesPlaintextLinesWithPrefixValueAndEpochSeconds() throws Exception {
        try (ServerSocket carbon = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             GraphiteMetrics metrics = new GraphiteMetrics(new MetricsConfig.Graphite("127.0.0.1", carbon.getLocalPort(),
                     "vmpooler"), clock)) {
            carbon.setSoTimeout(10_000);
            metrics.increment("checkout.success.centos-8");
            metrics.gauge("vmpooler_clone.centos-8", 12.25);
            metrics.timing("time_to_ready_state.centos-8", 40);

            try (Socket connection = carbon.accept()) {
                assertThat(lines(connection, 3)).containsExactly(
                        "vmpooler.checkout.success.centos-8 1 " + NOW.getEpochSecond(),
                        "vmpooler.vmpooler_clone.centos-8 12.25 " + NOW.getEpochSecond(),
                        "vmpooler.time_to_ready_state.centos-8 40 " + NOW.getEpochSecond());
            }
        }
    }

    @Test
    void samplesRecordedWhileGraphiteIsDownAreSentOnceItListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (GraphiteMetrics metrics = new GraphiteMetrics(new MetricsConfig.Graphite("127.0.0.1", port, "pfx"), clock)) {
            metrics.increment("delete.success");
            Thread.sleep(300);
            try (ServerSocket carbon = new ServerSocket(port, 10, InetAddress.getLoopbackAddress())) {
                carbon.setSoTimeout(20_000);
                metrics.increment("delete.failed");
                try (Socket connection = carbon.accept()) {
                    assertThat(lines(connection, 2)).containsExactly("pfx.delete.success 1 " + NOW.getEpochSecond(),
                            "pfx.delete.failed 1 " + NOW.getEpochSecond());
                }
            }
        }
    }

    @Test
    void oneConnectionCarriesManySamples() throws Exception {
        try (ServerSocket carbon = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             GraphiteMetrics metrics = new GraphiteMetrics(new MetricsConfig.Graphite("127.0.0.1", carbon.getLocalPort(),
                     "vmpooler"), clock)) {
            carbon.setSoTimeout(10_000);
            for (int i = 0; i < 500; i++) {
                metrics.gauge("ready.pool", i);
            }
            try (Socket connection = carbon.accept()) {
                List<String> received = lines(connection, 500);
                assertThat(received.getLast()).isEqualTo("vmpooler.ready.pool 499 " + NOW.getEpochSecond());
            }
        }
    }

    private static List<String> lines(Socket connection, int count) throws Exception {
        connection.setSoTimeout(10_000);
        BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(reader.readLine());
        }
        return lines;
    }
}
