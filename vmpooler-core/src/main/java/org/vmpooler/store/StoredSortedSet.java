package org.vmpooler.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

/** A Redis sorted set: members ordered by score, then by member (as Redis orders equal scores). */
final class StoredSortedSet implements StoredValue {

    /** A member with its score. */
    record Scored(String member, double score) {
    }

    private static final Comparator<Scored> ORDER =
            Comparator.comparingDouble(Scored::score).thenComparing(Scored::member);

    private final Map<String, Double> scores = new HashMap<>();
    private final TreeSet<Scored> ordered = new TreeSet<>(ORDER);

    /** Adds or re-scores a member; returns whether it is new. */
    boolean add(String member, double score) {
        Double old = scores.put(member, score);
        if (old != null) {
            ordered.remove(new Scored(member, old));
        }
        ordered.add(new Scored(member, score));
        return old == null;
    }

    boolean remove(String member) {
        Double old = scores.remove(member);
        if (old == null) {
            return false;
        }
        ordered.remove(new Scored(member, old));
        return true;
    }

    OptionalDouble score(String member) {
        Double score = scores.get(member);
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    /** Every member, lowest score first. */
    List<Scored> ascending() {
        return new ArrayList<>(ordered);
    }

    int size() {
        return scores.size();
    }

    /** Removes the {@code count} lowest-scored members. */
    void removeLowest(int count) {
        for (int i = 0; i < count && !ordered.isEmpty(); i++) {
            scores.remove(ordered.pollFirst().member());
        }
    }

    @Override
    public boolean isEmpty() {
        return scores.isEmpty();
    }

    @Override
    public String typeName() {
        return "zset";
    }
}
