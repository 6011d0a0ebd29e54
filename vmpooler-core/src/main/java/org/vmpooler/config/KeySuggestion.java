package org.vmpooler.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known key closest to a misspelt one by edit distance (case ignored, so
 * {@code snapshot_mainMem_iowait} finds {@code snapshot_mainmem_iowait}), when it is close enough to be the
 * likely intent rather than a different word.
 */
public final class KeySuggestion {

    private KeySuggestion() {
    }

    public static Optional<String> closest(String key, Collection<String> known) {
        String typed = key.toLowerCase(Locale.ROOT);
        // One slip in a short key, two in a longer one; more than that is usually another word.
        int allowed = typed.length() <= 4 ? 1 : 2;
        return known.stream().filter(k -> !k.equals(key))
                .map(k -> new Candidate(k, distance(typed, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance() <= allowed)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    /** " (did you mean 'size'?)", or nothing. */
    public static String hint(String key, Collection<String> known) {
        return closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** The warning for an unknown key: path, value, source and, when one is close, the key probably meant. */
    public static String unknownKey(Settings settings, String key, Collection<String> known) {
        String under = settings.path().isEmpty() ? "" : " under " + settings.path();
        return "unknown key '" + key + "'" + under + " in " + settings.source() + " (value '"
                + ConfigRedactor.redactEntry(key, settings.raw(key).orElse("")) + "') is ignored" + hint(key, known);
    }

    private record Candidate(String key, int distance) {
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
