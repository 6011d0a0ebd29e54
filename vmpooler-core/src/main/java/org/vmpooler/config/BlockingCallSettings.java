package org.vmpooler.config;

import java.time.Duration;

/**
 * The manager's calls that block natively ({@code blocking_threads} platform threads share them) and the deadline
 * of the stale-DNS check of a new VM's name ({@code dns_check_timeout}).
 */
public record BlockingCallSettings(int threads, Duration dnsCheckTimeout) {
    public static final BlockingCallSettings DEFAULT = new BlockingCallSettings(64, Duration.ofSeconds(5));
}
