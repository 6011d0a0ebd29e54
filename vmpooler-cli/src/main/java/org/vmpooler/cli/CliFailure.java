package org.vmpooler.cli;

import java.util.List;

/** A failure reported to the user as one clear message (never a stack trace) with its exit code. */
public final class CliFailure extends RuntimeException {
    private final ExitCode exitCode;

    public CliFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    /**
     * The exit code of a command that tried several things: success if nothing failed, an authentication
     * failure if any was one (the user has something to fix), else a plain failure.
     */
    public static ExitCode exitCodeOf(List<CliFailure> failures) {
        if (failures.isEmpty()) {
            return ExitCode.OK;
        }
        return failures.stream().anyMatch(f -> f.exitCode == ExitCode.AUTH) ? ExitCode.AUTH : ExitCode.FAILED;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
