package org.vmpooler.cli;

/** The client's exit statuses; every failure is non-zero, so scripts can rely on {@code $?}. */
public enum ExitCode {
    OK(0),
    /** The server refused or could not do what was asked (unknown pool or VM, empty pool, bad change …). */
    FAILED(1),
    /** The command line or the configuration is wrong; nothing was sent. */
    USAGE(2),
    /** Authentication: no usable token or password, or the server rejected it (401, 403). */
    AUTH(3),
    /** The server could not be reached or did not answer with the API's JSON. */
    UNREACHABLE(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
