package org.vmpooler.provider.dummy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.vmpooler.config.Settings;

/**
 * The dummy provider's instance settings, with the reference's names and meanings. Times are in seconds and may
 * be decimals; percentages are chances per call (0-100). Unset knobs mean "instant" and "never fails".
 */
record DummyKnobs(Operation create, Operation destroy, Duration destroyShutdownMaxTime, double vmReadyFailPercent,
                  double getVmPowerOffPercent, double getVmRenamePercent, Operation createDisk,
                  Operation createSnapshot, Operation revertSnapshot, Operation migrate, double migrateCouldMovePercent,
                  Duration isReadyTimeout, int connectionPoolSize, Duration connectionPoolTimeout,
                  Optional<Path> filename, Optional<Long> seed) {

    /** A simulated operation: it takes up to {@code maxTime} and fails with {@code failPercent} chance. */
    record Operation(Duration maxTime, double failPercent) {
    }

    /** Every key {@link #from} reads, for the configuration check. */
    static final Set<String> KEYS = Stream.concat(
            Stream.of("createvm", "destroyvm", "createdisk", "createsnapshot", "revertsnapshot", "migratevm")
                    .flatMap(operation -> Stream.of(operation + "_max_time", operation + "_fail_percent")),
            Stream.of("destroyvm_max_shutdown_time", "vmready_fail_percent", "getvm_poweroff_percent",
                    "getvm_rename_percent", "migratevm_couldmove_percent", "is_ready_timeout", "connection_pool_size",
                    "connection_pool_timeout", "filename", "seed")).collect(Collectors.toUnmodifiableSet());

    static DummyKnobs from(Settings settings) {
        return new DummyKnobs(
                operation(settings, "createvm"),
                operation(settings, "destroyvm"),
                seconds(settings, "destroyvm_max_shutdown_time", 0),
                percent(settings, "vmready_fail_percent"),
                percent(settings, "getvm_poweroff_percent"),
                percent(settings, "getvm_rename_percent"),
                operation(settings, "createdisk"),
                operation(settings, "createsnapshot"),
                operation(settings, "revertsnapshot"),
                operation(settings, "migratevm"),
                percent(settings, "migratevm_couldmove_percent"),
                seconds(settings, "is_ready_timeout", 5),
                positive(settings, "connection_pool_size", 1),
                seconds(settings, "connection_pool_timeout", 10),
                settings.string("filename").filter(f -> !f.isBlank()).map(Path::of),
                settings.string("seed").map(s -> parseSeed(settings, s)));
    }

    private static Operation operation(Settings settings, String prefix) {
        return new Operation(seconds(settings, prefix + "_max_time", 0), percent(settings, prefix + "_fail_percent"));
    }

    private static Duration seconds(Settings settings, String key, double fallback) {
        double value = settings.decimal(key).orElse(fallback);
        if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            throw settings.invalid(key, value, "a number of seconds, 0 or more");
        }
        return Duration.ofNanos(Math.round(value * 1e9));
    }

    private static double percent(Settings settings, String key) {
        double value = settings.decimal(key).orElse(0.0);
        if (!(value >= 0 && value <= 100)) {
            throw settings.invalid(key, value, "a percentage from 0 to 100");
        }
        return value;
    }

    private static int positive(Settings settings, String key, int fallback) {
        int value = settings.integer(key, fallback);
        if (value < 1) {
            throw settings.invalid(key, value, "a whole number of at least 1");
        }
        return value;
    }

    private static long parseSeed(Settings settings, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw settings.invalid("seed", text, "a whole number");
        }
    }
}
