package org.vmpooler.server.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.vmpooler.server.ServiceProcesses;

/**
 * One {@code bin/vmpooler <role>} process of the cluster, which a fault may kill, freeze or restart: the same
 * role, port and configuration each time, each run logging to a file of its own ({@code <name>-<run>.log}).
 */
final class ServiceInstance {
    /** Small and quick to start: three of these share a loaded two-core machine with the test. */
    private static final String JAVA_OPTS = "-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1";

    /** A JVM start on a loaded CI machine, three of them at once when a whole cluster comes up. */
    private static final Duration START_BOUND = Duration.ofSeconds(90);

    private final String name;
    private final String role;
    private final int port;
    private final Path dir;
    private final Path config;
    private Process process;
    private int runs;

    ServiceInstance(String name, String role, int port, Path dir, Path config) {
        this.name = name;
        this.role = role;
        this.port = port;
        this.dir = dir;
        this.config = config;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process and waits until it says it has started. */
    void start() throws IOException {
        runs++;
        Path log = log();
        process = ServiceProcesses.start(ServiceProcesses.launcher(List.of(role)), dir, log,
                Map.of("PORT", Integer.toString(port), "VMPOOLER_CONFIG_FILE", config.toString(),
                        "VMPOOLER_SERVER_JAVA_OPTS", JAVA_OPTS));
        ServiceProcesses.awaitLog(log, "vmpooler started", START_BOUND);
    }

    /** SIGKILL: no shutdown hook, no hand-over, whatever was in flight is cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process keeps its sockets and its connections but does nothing until {@link #resume()}. */
    void freeze() throws IOException, InterruptedException {
        ServiceProcesses.signal(process, "STOP");
    }

    void resume() throws IOException, InterruptedException {
        ServiceProcesses.signal(process, "CONT");
    }

    /** The current run's log, for a failure message. */
    String logText() throws IOException {
        return Files.readString(log());
    }

    private Path log() {
        return dir.resolve(name + "-" + runs + ".log");
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            resume(process);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A frozen process would never act on SIGTERM. */
    private static void resume(Process process) {
        try {
            ServiceProcesses.signal(process, "CONT");
        } catch (IOException e) {
            // stopping goes on: SIGKILL follows if SIGTERM is not heeded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
