package org.vmpooler.cli.support;

/** What one in-process run of the client produced. */
public record CliRun(int exit, String out, String err) {
}
