package org.vmpooler.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the client reads from and writes to its surroundings: environment, standard streams and, only
 * when there is one, the interactive console. Tests give their own, so commands never touch the JVM's globals.
 */
public final class Terminal {
    private final Map<String, String> env;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    public Terminal(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        this.env = Map.copyOf(env);
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Whether a person can answer prompts (a real console), as opposed to a pipe or a script. */
    public boolean interactive() {
        return interactive;
    }

    /** Asks a yes/no question on the console; anything but y/yes is no. */
    public boolean confirm(String question) {
        err.print(question + " [y/N] ");
        err.flush();
        try {
            String answer = in.readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a password without echo from the JVM's console; empty when there is none. */
    public Optional<char[]> readPassword(String prompt) {
        if (!interactive || System.console() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(System.console().readPassword("%s", prompt));
    }
}
