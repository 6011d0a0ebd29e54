package org.vmpooler.server;

import java.util.OptionalInt;
import java.util.Properties;

/**
 * The cores the manager's virtual threads may use when the API runs in the same process ({@code server}): half of
 * them, at least one. A manager pass that clones, checks and destroys thousands of VMs at once could otherwise take
 * every core for a moment, and the API's requests, on carriers of their own, would wait for a core meanwhile: the
 * checkout tail of issue 24 (bench/README.md). It is the JDK's virtual-thread scheduler parallelism, so it is set
 * before the first virtual thread exists, and an operator's own setting stands.
 *
 * <p>Only from JDK 24: before it a virtual thread blocked inside {@code synchronized} holds its carrier, and with
 * fewer carriers that stalls more of the manager.
 */
final class ManagerCarriers {
    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    private static final int UNPINNED_SYNCHRONIZED = 24;

    private ManagerCarriers() {
    }

    /** Sets the parallelism for a process that runs the API and the manager, when {@link #forServer} says so. */
    static void shareCoresWithTheApi() {
        forServer(Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), System.getProperties())
                .ifPresent(carriers -> System.setProperty(PARALLELISM, Integer.toString(carriers)));
    }

    /** The parallelism to set, or empty to leave the JDK's (one carrier per core, or the operator's setting). */
    static OptionalInt forServer(int cores, int jdkFeature, Properties properties) {
        if (properties.getProperty(PARALLELISM) != null || jdkFeature < UNPINNED_SYNCHRONIZED || cores < 2) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(cores / 2);
    }
}
