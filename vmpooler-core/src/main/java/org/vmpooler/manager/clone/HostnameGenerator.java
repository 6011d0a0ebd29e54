package org.vmpooler.manager.clone;

import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.metrics.Metrics;

/**
 * Names new VMs {@code <prefix><adjective>-<noun>}, the core at most 15 characters so it fits a NetBIOS name, and
 * reserves the name. A name is rejected when a record of it exists, when it still resolves in DNS (unless the
 * provider skips that check), or when another clone reserved it first; after three rejections the clone fails.
 */
public final class HostnameGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(HostnameGenerator.class);
    static final int ATTEMPTS = 3;
    private static final int MAX_CORE = 15;
    private static final int MAX_NOUN = 10;

    private final WordList adjectives;
    private final WordList nouns;
    private final RandomGenerator random;
    private final NameResolver resolver;
    private final Metrics metrics;

    public HostnameGenerator(WordList adjectives, WordList nouns, RandomGenerator random, NameResolver resolver,
                             Metrics metrics) {
        this.adjectives = adjectives;
        this.nouns = nouns;
        this.random = random;
        this.resolver = resolver;
        this.metrics = metrics;
    }

    public static HostnameGenerator standard(RandomGenerator random, NameResolver resolver, Metrics metrics) {
        return new HostnameGenerator(WordList.resource("adjectives.txt"), WordList.resource("nouns.txt"), random,
                resolver, metrics);
    }

    /** A core name: adjective, dash, noun. */
    public String core() {
        String noun = nouns.pick(random, MAX_NOUN);
        String adjective = adjectives.pick(random, MAX_CORE - 1 - noun.length());
        return adjective + "-" + noun;
    }

    /**
     * How many distinct core names there are. Destroyed VMs keep their records (and so their names) for
     * {@code data_ttl}, so this bounds how many VMs a busy site can create in that time without clones failing
     * for want of a free name.
     */
    long distinctCores() {
        long total = 0;
        for (int nounLength = 1; nounLength <= MAX_NOUN; nounLength++) {
            long nounsOfLength = nouns.countUpTo(nounLength) - nouns.countUpTo(nounLength - 1);
            total += nounsOfLength * adjectives.countUpTo(MAX_CORE - 1 - nounLength);
        }
        return total;
    }

    /** What a candidate name is checked against. */
    public record Checks(String pool, String prefix, String domain, boolean checkDns, Predicate<String> known,
                         Predicate<String> reserve) {
    }

    /** Returns a name that {@code checks.reserve} accepted; throws {@link UnavailableHostname} after 3 attempts. */
    public String reserve(Checks checks) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String name = checks.prefix() + core();
            // Reserving refuses a taken name by itself; the record is looked up first only to spare a DNS lookup.
            if (checks.checkDns()) {
                if (checks.known().test(name)) {
                    duplicate(checks.pool(), name);
                    continue;
                }
                if (resolver.resolves(checks.domain().isEmpty() ? name : name + "." + checks.domain())) {
                    metrics.increment("vmpooler_errors.staledns." + checks.pool());
                    LOG.warn("[!] [{}] generated name '{}' still has a DNS record; trying another", checks.pool(), name);
                    continue;
                }
            }
            if (checks.reserve().test(name)) {
                return name;
            }
            duplicate(checks.pool(), name);
        }
        throw new UnavailableHostname("Unable to generate a unique hostname after " + ATTEMPTS
                + " attempts for pool " + checks.pool());
    }

    private void duplicate(String pool, String name) {
        metrics.increment("vmpooler_errors.duplicatehostname." + pool);
        LOG.warn("[!] [{}] generated name '{}' is already taken; trying another", pool, name);
    }

    /** No free name was found. */
    public static final class UnavailableHostname extends RuntimeException {
        public UnavailableHostname(String message) {
            super(message);
        }
    }
}
