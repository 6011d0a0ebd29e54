package org.vmpooler.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a pool decides that a new VM is ready for its user ({@code ready_check}, {@code ready_check_port}): the
 * provider's own "running" and then, for {@code tcp}, a connection to the port (the reference's fixed port 22),
 * for {@code ssh} an SSH banner on it, for {@code none} nothing more.
 */
public record ReadyCheck(Mode mode, int port) {

    public static final int DEFAULT_PORT = 22;

    public enum Mode {
        TCP, SSH, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Mode> parse(String value) {
            return Arrays.stream(values()).filter(m -> m.wireName().equals(value.trim().toLowerCase(Locale.ROOT)))
                    .findFirst();
        }
    }

    public static final ReadyCheck TCP_22 = new ReadyCheck(Mode.TCP, DEFAULT_PORT);
    public static final ReadyCheck NONE = new ReadyCheck(Mode.NONE, DEFAULT_PORT);

    /** The pool's own choice, empty when it names neither key (its provider's default applies). */
    public static Optional<ReadyCheck> read(Settings pool) {
        Optional<String> mode = pool.string("ready_check");
        Optional<Integer> port = pool.integer("ready_check_port");
        if (mode.isEmpty() && port.isEmpty()) {
            return Optional.empty();
        }
        Mode parsed = mode.map(m -> Mode.parse(m).orElseThrow(() -> pool.invalid("ready_check", m,
                "one of tcp, ssh or none"))).orElse(Mode.TCP);
        int p = port.orElse(DEFAULT_PORT);
        if (p < 1 || p > 65535) {
            throw pool.invalid("ready_check_port", p, "a TCP port (1-65535)");
        }
        return Optional.of(new ReadyCheck(parsed, p));
    }

    public String describe() {
        return mode == Mode.NONE ? "none" : mode.wireName() + " port " + port;
    }
}
