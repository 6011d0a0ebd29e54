package org.vmpooler.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every error and warning found while reading one configuration, in the order found, so that an operator learns
 * all of them from one start (or one {@code check-config}) instead of one mistake per start. Readers record a
 * problem and carry on with the key's default; a read that cannot carry on runs inside {@link #attempt}.
 */
public final class ConfigProblems {
    public enum Severity { ERROR, WARNING }

    /** One finding; the message names the key path, the value and the source file. */
    public record Problem(Severity severity, String message) {
        @Override
        public String toString() {
            return (severity == Severity.ERROR ? "error: " : "warning: ") + message;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    public synchronized void error(String message) {
        problems.add(new Problem(Severity.ERROR, message));
    }

    public synchronized void warn(String message) {
        problems.add(new Problem(Severity.WARNING, message));
    }

    /** Runs one read that stands on its own; its error is recorded and the next read still runs. */
    public <T> Optional<T> attempt(Supplier<T> read) {
        return Optional.ofNullable(read(read, null));
    }

    /** The value {@code read} gives, or {@code fallback} after recording why the key is invalid. */
    public <T> T read(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (ConfigException e) {
            error(e.getMessage());
            return fallback;
        }
    }

    /** Like {@link #attempt(Supplier)} for a check that yields nothing. */
    public void check(Runnable check) {
        attempt(() -> {
            check.run();
            return Boolean.TRUE;
        });
    }

    public synchronized List<Problem> all() {
        return List.copyOf(problems);
    }

    public List<Problem> errors() {
        return all().stream().filter(p -> p.severity() == Severity.ERROR).toList();
    }

    /**
     * Throws one {@link ConfigException} holding every error found so far, after {@code prefix} and separated by
     * "; ", as a plugin's factory does once it has read all of its section; nothing when there is none.
     */
    public void throwErrors(String prefix) {
        if (!errors().isEmpty()) {
            throw new ConfigException(prefix + errorMessages());
        }
    }

    /** The messages of every error found so far, separated by "; ". */
    public String errorMessages() {
        return String.join("; ", errors().stream().map(Problem::message).toList());
    }

    public List<Problem> warnings() {
        return all().stream().filter(p -> p.severity() == Severity.WARNING).toList();
    }

    public boolean hasErrors() {
        return !errors().isEmpty();
    }

    int errorCount() {
        return errors().size();
    }

    /** Errors first, then warnings, one a line, with a closing count; empty when there is nothing to say. */
    public String report() {
        StringBuilder text = new StringBuilder();
        errors().forEach(p -> text.append(p).append('\n'));
        warnings().forEach(p -> text.append(p).append('\n'));
        return text.toString();
    }

    /** Throws one exception that carries every error (a single error's message is that error's own). */
    public void throwIfErrors() {
        List<Problem> errors = errors();
        if (errors.size() == 1) {
            throw new ConfigException(errors.getFirst().message());
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors.size() + " errors in the configuration:\n"
                    + String.join("\n", errors.stream().map(p -> "  " + p.message()).toList()));
        }
    }
}
