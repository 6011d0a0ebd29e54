package org.vmpooler.manager.clone;

import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.metrics.Metrics;

/**
 * Names new VMs {@code <prefix><adjective>-<noun>-<suffix>} and reserves the name. The adjective-noun pair is at most
 * 15 characters, as the reference's whole name was; the suffix is five random digits and consonants (no vowels, so
 * it never spells a word), which makes the space about 5 × 10^12 names: a farm cloning thousands of VMs a minute
 * keeps every name of a week's {@code data_ttl} taken and still draws a taken one about once in a hundred thousand
 * clones, where the pairs alone (214,000) ran out within a day. A name is rejected when a record of it exists, when
 * it still resolves in DNS (unless the provider skips that check), or when another clone reserved it first; after
 * three rejections the clone fails.
 */
public final class HostnameGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(HostnameGenerator.class);
    static final int ATTEMPTS = 3;
    private static final int MAX_PAIR = 15;
    private static final int MAX_NOUN = 10;
    private static final String SUFFIX_SYMBOLS = "0123456789bcdfghjklmnpqrstvwxz";
    static final int SUFFIX_LENGTH = 5;
    /** The longest name without its prefix: the pair, a dash and the suffix. */
    static final int MAX_NAME_WITHOUT_PREFIX = MAX_PAIR + 1 + SUFFIX_LENGTH;

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

    /** A name without its prefix: adjective, dash, noun, dash, suffix. */
    public String core() {
        String noun = nouns.pick(random, MAX_NOUN);
        String adjective = adjectives.pick(random, MAX_PAIR - 1 - noun.length());
        StringBuilder name = new StringBuilder(MAX_NAME_WITHOUT_PREFIX).append(adjective).append('-').append(noun)
                .append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            name.append(SUFFIX_SYMBOLS.charAt(random.nextInt(SUFFIX_SYMBOLS.length())));
        }
        return name.toString();
    }

    /**
     * How many distinct names without prefix there are. Destroyed VMs keep their records (and so their names) for
     * {@code data_ttl}, so the share of this space a site fills in that time is the chance that a draw is taken.
     */
    long distinctCores() {
        long pairs = 0;
        for (int nounLength = 1; nounLength <= MAX_NOUN; nounLength++) {
            long nounsOfLength = nouns.countUpTo(nounLength) - nouns.countUpTo(nounLength - 1);
            pairs += nounsOfLength * adjectives.countUpTo(MAX_PAIR - 1 - nounLength);
        }
        long suffixes = 1;
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffixes *= SUFFIX_SYMBOLS.length();
        }
        return pairs * suffixes;
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
