package org.vmpooler.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code bin/vmpooler server} as a child process on 127.0.0.1 (the launcher {@code exec}s the JVM: one pid). */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final long startedNanos;

    private ServerProcess(Process process, int port, long startedNanos) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    static ServerProcess start(Path launcher, Path config, int port, Path log) throws IOException {
        return start(List.of(launcher.toString(), "server"), config, port, log);
    }

    /** As above, with the whole command line (a launcher inside a wrapper that {@code exec}s it). */
    static ServerProcess start(List<String> command, Path config, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Only the layout configures the server; VMPOOLER_JAVA_OPTS and VMPOOLER_SERVER_JAVA_OPTS pass through, as
        // for any start of bin/vmpooler (a profiler agent, another collector to compare).
        builder.environment().keySet().removeIf(k -> k.startsWith("VMPOOLER_") && !k.endsWith("JAVA_OPTS")
                || k.startsWith("REDIS_") || k.equals("EXTRA_CONFIG") || k.equals("LOGFILE"));
        builder.environment().put("VMPOOLER_CONFIG_FILE", config.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("BIND_ADDRESS", "127.0.0.1");
        long started = System.nanoTime();
        return new ServerProcess(builder.start(), port, started);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Seconds since the process was started. */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Waits until the API answers, failing after {@code timeout} or when the process dies. */
    void awaitApi(Duration timeout, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try (HttpConnection probe = new HttpConnection("127.0.0.1", port)) {
                if (probe.send("GET", "/api/v3/vm").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("the server did not answer within " + timeout + ":\n" + Files.readString(log));
    }

    /** Peak resident set size of the server process (VmHWM), in MiB. */
    double peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** The JVM's process id (the launcher {@code exec}s it), which a manager's id ends with. */
    long pid() {
        return process.pid();
    }

    /** kill -9: no goodbye, no lease released. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then wait for the graceful shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
