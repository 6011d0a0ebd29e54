package org.vmpooler.manager.clone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** A list of lower-case words from a class-path resource, for generated VM names. */
public final class WordList {

    /** Shortest first, so the words of at most n letters are a prefix: a pick costs no scan of the list. */
    private final List<String> words;

    public WordList(List<String> words) {
        this.words = words.stream().distinct().sorted(Comparator.comparingInt(String::length)).toList();
        if (this.words.isEmpty()) {
            throw new IllegalArgumentException("a word list needs at least one word");
        }
    }

    public static WordList resource(String name) {
        try (InputStream in = WordList.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("word list resource " + name + " is missing");
            }
            List<String> words = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(w -> w.matches("[a-z]+")).toList();
            return new WordList(words);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word list " + name, e);
        }
    }

    /** A word of at most {@code maxLength} letters, uniformly among those that fit. */
    public String pick(RandomGenerator random, int maxLength) {
        int fitting = countUpTo(maxLength);
        if (fitting == 0) {
            throw new IllegalArgumentException("no word of at most " + maxLength + " letters");
        }
        return words.get(random.nextInt(fitting));
    }

    /** How many distinct words have at most {@code maxLength} letters. */
    int countUpTo(int maxLength) {
        int low = 0;
        int high = words.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (words.get(mid).length() <= maxLength) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
