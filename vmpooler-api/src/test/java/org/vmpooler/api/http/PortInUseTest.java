package org.vmpooler.api.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.ApiServer;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.InMemoryStore;

/** An API that cannot listen says on which address and port, not a stack trace about a stopped server. */
class PortInUseTest {

    @Test
    void aTakenPortIsNamedInTheError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             InMemoryStore store = new InMemoryStore(Clock.systemUTC())) {
            int port = taken.getLocalPort();
            ApiServer api = new ApiServer(new TestConfig().port(port).pool("debian", 1).build(), store,
                    Metrics.none(), Clock.systemUTC());

            assertThatThrownBy(api::start).isInstanceOf(ApiServer.CannotListen.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + ": the port is already in use (set another "
                            + "with PORT or :config: port, or stop what holds it)");
        }
    }
}
