package org.vmpooler.config;

import java.time.Duration;

/**
 * The manager's calls that block natively ({@code blocking_threads} platform threads share them) and the deadline
 * of the stale-DNS check of a new VM's name ({@code dns_check_timeout}).
 */
public record BlockingCallSettings(int threads, Duration dnsCheckTimeout) {
    /**
     * 64 threads check thousands of names a second against a resolver that answers in milliseconds. A thread for
     * every clone that may check a name (a thousand at {@code task_limit: 1000}) kept up with a slow resolver, but
     * as many runnable platform threads took the CPU from the API's carriers: checkout p99 0.4-0.8 s in
     * {@code bench/mass-cloning} against 0.07-0.5 s with 64 on the same busy machine.
     */
    public static final BlockingCallSettings DEFAULT = new BlockingCallSettings(64, Duration.ofSeconds(5));
}
