package org.vmpooler.manager.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.provider.Readiness;

/** The ready checks against real sockets on the loopback address. */
class ReadinessProbeTest {

    private final ExecutorService servers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        servers.shutdownNow();
    }

    /** A listener on 127.0.0.1 that greets each connection with {@code greeting} (nothing when null). */
    private ServerSocket listener(String greeting) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.submit(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    if (greeting != null) {
                        OutputStream out = client.getOutputStream();
                        out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    client.getInputStream().read();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void tcpIsReadyWhenThePortAcceptsAndNotWhenItRefuses() throws IOException {
        try (ServerSocket open = listener(null)) {
            assertThat(ReadinessProbe.connect("127.0.0.1", new ReadyCheck(ReadyCheck.Mode.TCP, open.getLocalPort())))
                    .isEqualTo(Readiness.isReady());
        }
        int closed = closedPort();
        Readiness refused = ReadinessProbe.connect("127.0.0.1", new ReadyCheck(ReadyCheck.Mode.TCP, closed));
        assertThat(refused.ready()).isFalse();
        assertThat(refused.reason()).hasValueSatisfying(r -> assertThat(r).contains("127.0.0.1:" + closed));
    }

    @Test
    void sshNeedsAnSshIdentificationLineNotJustAnOpenPort() throws IOException {
        try (ServerSocket ssh = listener("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
             ServerSocket http = listener("HTTP/1.1 400 Bad Request\r\n")) {
            assertThat(ReadinessProbe.connect("127.0.0.1", new ReadyCheck(ReadyCheck.Mode.SSH, ssh.getLocalPort())))
                    .isEqualTo(Readiness.isReady());
            Readiness notSsh = ReadinessProbe.connect("127.0.0.1",
                    new ReadyCheck(ReadyCheck.Mode.SSH, http.getLocalPort()));
            assertThat(notSsh.ready()).isFalse();
            assertThat(notSsh.reason()).hasValueSatisfying(r -> assertThat(r).contains("no SSH banner"));
        }
    }
}
