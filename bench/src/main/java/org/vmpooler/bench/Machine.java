package org.vmpooler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What else the machine was doing: figures measured beside it measured it too. */
final class Machine {

    private static final Path KDAMONDS = Path.of("/sys/kernel/mm/damon/admin/kdamonds");

    private Machine() {
    }

    /** The 1-minute load average: far above the core count, the clients and the server waited for the cores. */
    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /**
     * Whether the kernel's DAMON monitor runs. On these VMs it is set up to page out cold memory, and its thread
     * takes a core for 4–20 ms about every half second: on a 2-core machine that sets a checkout's p99 more than
     * the server does (bench/README.md, 2026-12-07 03:11–05:05).
     */
    static String damon() {
        if (!Files.isDirectory(KDAMONDS)) {
            return "kernel DAMON: absent";
        }
        try (Stream<Path> kdamonds = Files.list(KDAMONDS)) {
            boolean on = kdamonds.map(dir -> dir.resolve("state")).filter(Files::isReadable).map(Machine::read)
                    .anyMatch("on"::equals);
            return "kernel DAMON: " + (on ? "on (a core taken for 4-20 ms about every 0.5 s; bench/README.md)" : "off");
        } catch (IOException e) {
            return "kernel DAMON: unknown (" + e.getMessage() + ")";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
