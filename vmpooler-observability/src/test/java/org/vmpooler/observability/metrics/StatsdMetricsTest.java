package org.vmpooler.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.MetricsConfig;

class StatsdMetricsTest {

    @Test
    void sendsEachSampleAsADatagramNamedWithThePrefix() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             StatsdMetrics metrics = new StatsdMetrics(new MetricsConfig.Statsd("127.0.0.1", daemon.getLocalPort(), "ci"))) {
            daemon.setSoTimeout(5000);
            metrics.increment("checkout.success.centos-8");
            metrics.gauge("ready.centos-8", 3);
            metrics.timing("time_to_ready_state.centos-8", 41.5);

            assertThat(receive(daemon, 3)).containsExactly("ci.checkout.success.centos-8:1|c", "ci.ready.centos-8:3|g",
                    "ci.time_to_ready_state.centos-8:41.5|ms");
        }
    }

    @Test
    void aMissingDaemonLosesSamplesWithoutFailingTheCaller() throws Exception {
        int unused;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            unused = probe.getLocalPort();
        }
        try (StatsdMetrics metrics = new StatsdMetrics(new MetricsConfig.Statsd("127.0.0.1", unused, "vmpooler"))) {
            for (int i = 0; i < 10; i++) {
                metrics.increment("delete.success");
            }
        }
        try (StatsdMetrics metrics = new StatsdMetrics(new MetricsConfig.Statsd("no-such-host.invalid", 8125, "vmpooler"))) {
            metrics.gauge("ready.pool", 1);
        }
    }

    private static List<String> receive(DatagramSocket socket, int count) throws Exception {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
        return received;
    }
}
