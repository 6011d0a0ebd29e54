package org.vmpooler.config;

import java.time.Duration;

/**
 * The manager's calls that block natively ({@code blocking_threads} platform threads share them) and the deadline
 * of the stale-DNS check of a new VM's name ({@code dns_check_timeout}).
 */
public record BlockingCallSettings(int threads, Duration dnsCheckTimeout) {
    public static final Duration DEFAULT_DNS_CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** The defaults with the default clone limits. */
    public static final BlockingCallSettings DEFAULT = defaults(10, 10);

    /**
     * A thread for every clone that may be checking a name at once, so the checks go as fast as the reference's
     * (one lookup on each clone's thread) without holding a carrier.
     */
    public static BlockingCallSettings defaults(int taskLimit, int ondemandCloneLimit) {
        return new BlockingCallSettings(taskLimit + ondemandCloneLimit, DEFAULT_DNS_CHECK_TIMEOUT);
    }
}
