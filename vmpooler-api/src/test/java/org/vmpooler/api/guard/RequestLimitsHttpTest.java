package org.vmpooler.api.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** Oversized and malformed requests are refused with a 4xx naming the problem, before anything changes. */
class RequestLimitsHttpTest extends ApiTestBase {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    /** Raw HTTP, so the test controls Content-Length and header sizes exactly; returns the status line. */
    private String rawStatusLine(String requestHead) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    /**
     * Jetty's own JSON error for a malformed request says the connection closes: Jetty 12 closes it when the body
     * was left unread, and a client that was not told sent its next request there and got no answer.
     */
    @Test
    void aMalformedRequestsErrorSaysTheConnectionCloses() throws IOException {
        start(new TestConfig().pool("debian", 1));

        try (Socket socket = new Socket("127.0.0.1", server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("OPTIONS /api/v3/vm/%ff%fe%c0 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("\r\nConnection: close\r\n");
        }
    }

    @Test
    void refusesABodyAboveOneMebibyte() throws IOException {
        start(new TestConfig().pool("debian", 1));
        ready("debian", "vm1");

        // The body is sent whole: Jetty only dispatches a request once its declared body is arriving, so a client
        // that declares a body and withholds it would be answered at the idle timeout instead.
        int size = RequestLimits.MAX_BODY_BYTES + 1;
        String prefix = "{\"debian\": 1, \"padding\": \"";
        String body = prefix + "x".repeat(size - prefix.length() - 2) + "\"}";
        String status = rawStatusLine("POST /api/v3/vm HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + size
                + "\r\nConnection: close\r\n\r\n" + body);

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(store.vm("vm1").orElseThrow().fields()).doesNotContainKey("checkout");
    }

    /** As curl does for large bodies, the client waits for "100 Continue" and so never has to send the body. */
    @Test
    void refusesADeclaredBodyAboveOneMebibyteBeforeItIsSent() throws IOException {
        start(new TestConfig().pool("debian", 1));
        ready("debian", "vm1");

        String status = rawStatusLine("POST /api/v3/vm HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + (RequestLimits.MAX_BODY_BYTES + 1) + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(store.vm("vm1").orElseThrow().fields()).doesNotContainKey("checkout");
    }

    @Test
    void refusesOversizedHeaders() throws IOException {
        start(new TestConfig().pool("debian", 1));

        String status = rawStatusLine("GET /api/v3/vm HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "x".repeat(RequestLimits.MAX_HEADER_BYTES + 1) + "\r\nConnection: close\r\n\r\n");

        assertThat(status).startsWith("HTTP/1.1 431");
    }

    @Test
    void namesWhatIsWrongWithAJsonBody() {
        start(new TestConfig().pool("debian", 1));
        ready("debian", "vm1");

        Map<String, String> expectations = Map.of(
                "{\"debian\":", "Invalid JSON",
                "[1,2]", "Request body must be a JSON object",
                "{\"debian\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}}", "Request body too complex",
                "{\"debian\":\"" + "x".repeat(20_000) + "\"}", "Request body too large",
                "{\"debian\":\"two\"}", "VM count");
        expectations.forEach((body, reason) -> {
            Response response = post("/api/v3/vm", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().get("ok").asBoolean()).isFalse();
            assertThat(response.json().get("error").asText()).as(body).contains(reason);
        });
        assertThat(store.vm("vm1").orElseThrow().fields()).doesNotContainKey("checkout");
    }
}
