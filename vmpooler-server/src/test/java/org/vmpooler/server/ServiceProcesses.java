package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * vmpooler processes started the way an operator starts them, for the process tests: in a JVM of their own, with
 * none of the test run's vmpooler, Redis or port settings leaking in from the environment, on 127.0.0.1.
 */
public final class ServiceProcesses {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcesses() {
    }

    /** {@code java -cp <the tests' class path> Main args…}: the service as compiled, without the launcher. */
    static List<String> mainClass(List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The service's own logging configuration, as in the jar: a test-jar on the class path brings a
        // logback-test.xml that would otherwise win and send the early start-up lines to a file.
        // java.lang opened as the jar's manifest opens it, for the API's own request carriers.
        List<String> command = new ArrayList<>(List.of(java, "-Dlogback.configurationFile=logback.xml",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** {@code bin/vmpooler args…}: the README's launcher, running the assembled jar. */
    public static List<String> launcher(List<String> args) {
        Path script = Path.of("..", "bin", "vmpooler").toAbsolutePath().normalize();
        assertThat(script).as("the launcher, from the module's directory").isExecutable();
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(args);
        return command;
    }

    /** Starts {@code command} in {@code dir}, its output to {@code log}, with only {@code env} configuring it. */
    public static Process start(List<String> command, Path dir, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("VMPOOLER_") || k.startsWith("REDIS_")
                || k.equals("PORT") || k.equals("EXTRA_CONFIG") || k.equals("LOGFILE"));
        builder.environment().put("BIND_ADDRESS", "127.0.0.1");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits up to 30 s for the process to log {@code text}, polling often enough to catch a start in progress. */
    public static void awaitLog(Path log, String text) {
        awaitLog(log, text, Duration.ofSeconds(30));
    }

    public static void awaitLog(Path log, String text, Duration bound) {
        Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(5))
                .until(() -> Files.readString(log).contains(text));
    }

    /** Sends SIGTERM and expects a graceful stop: exit 0 within a minute, the log ending with {@code lastLines}. */
    static void assertStopsGracefullyOnSigterm(Process server, Path log, String... lastLines) throws Exception {
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        if (lastLines.length > 0) {
            assertThat(Files.readString(log)).contains(lastLines);
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(port, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code kill -<signal>} to the process (STOP and CONT, which Java's process API cannot send). */
    public static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -" + signal + " ended").isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + process.pid()).isZero();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
