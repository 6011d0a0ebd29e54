package org.vmpooler.config;

import java.util.Set;

/** Reads {@code :rate_limits:}: for each endpoint class a {@code limit} of requests per {@code period} seconds. */
final class RateLimitsReader {
    private static final Set<String> CLASSES = Set.of("global_per_ip", "authenticated", "vm_creation", "vm_deletion");
    private static final Set<String> LIMIT_KEYS = Set.of("limit", "period");

    private RateLimitsReader() {
    }

    static RateLimits read(Settings document, ConfigProblems problems) {
        Settings limits = new SectionReader(SectionReader.topLevel(document, "rate_limits"), problems)
                .warnUnknownKeys(CLASSES).settings();
        RateLimits d = RateLimits.DEFAULT;
        return new RateLimits(limit(limits, "global_per_ip", d.globalPerIp(), problems),
                limit(limits, "authenticated", d.authenticated(), problems),
                limit(limits, "vm_creation", d.vmCreation(), problems),
                limit(limits, "vm_deletion", d.vmDeletion(), problems));
    }

    private static RateLimits.Limit limit(Settings limits, String endpointClass, RateLimits.Limit fallback,
                                          ConfigProblems problems) {
        SectionReader section = new SectionReader(limits.section(endpointClass), problems)
                .warnUnknownKeys(LIMIT_KEYS);
        return new RateLimits.Limit(section.positive("limit", fallback.limit()),
                section.seconds("period", fallback.period()));
    }
}
