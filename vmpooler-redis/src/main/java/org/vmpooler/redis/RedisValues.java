package org.vmpooler.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/** Conversions between Java values and what goes into and comes out of Redis commands and scripts. */
final class RedisValues {

    private RedisValues() {
    }

    /** A TTL for PEXPIRE; never 0, which Redis would take as "delete now". */
    static String millis(Duration ttl) {
        return Long.toString(Math.max(1, ttl.toMillis()));
    }

    /** Scripts receive "not given" as an empty string (Redis arguments cannot be null). */
    static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Counters written by other processes are read like Ruby's {@code to_i}. */
    static long leniently(String value) {
        return value == null ? 0 : VmRecord.leadingInt(value);
    }

    /** Redis has no null: a missing value is a caller's bug, refused before anything is written. */
    static void requireValues(Map<String, String> fields, String what) {
        fields.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("no value for " + what + " '" + name + "'");
            }
        });
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object reply) {
        return reply == null ? List.of() : (List<Object>) reply;
    }

    static List<String> strings(Object reply) {
        return list(reply).stream().map(String::valueOf).toList();
    }

    /** A flat field/value reply (HGETALL) as a map in reply order. */
    static Map<String, String> pairs(Object reply) {
        List<Object> flat = list(reply);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return map;
    }

    /**
     * A day's durations as the status script sums them up: count, total, min, max. A summary another writer
     * garbled reads as empty rather than failing {@code /status}.
     */
    static DurationSummary durations(Object reply) {
        List<String> fields = strings(reply);
        try {
            long count = Long.parseLong(fields.get(0).trim());
            return count <= 0 ? DurationSummary.EMPTY : new DurationSummary(count,
                    Double.parseDouble(fields.get(1).trim()), Double.parseDouble(fields.get(2).trim()),
                    Double.parseDouble(fields.get(3).trim()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return DurationSummary.EMPTY;
        }
    }

    /** Six set sizes per pool, in {@link VmState} order, as read by the size scripts. */
    static Map<String, PoolCounts> countsByPool(List<String> pools, List<Object> sizes) {
        Map<String, PoolCounts> counts = new LinkedHashMap<>();
        int n = VmState.values().length;
        for (int i = 0; i < pools.size(); i++) {
            int at = i * n;
            counts.put(pools.get(i), new PoolCounts((Long) sizes.get(at), (Long) sizes.get(at + 1),
                    (Long) sizes.get(at + 2), (Long) sizes.get(at + 3), (Long) sizes.get(at + 4),
                    (Long) sizes.get(at + 5)));
        }
        return counts;
    }

    /**
     * VMs per script run of a batch read or write. Redis runs nothing else while a script runs: a run of 500 VMs
     * held the API's checkouts for 10–30 ms on a busy 2-core machine, a run of 50 holds them about a tenth of
     * that and still spares 49 round trips in 50.
     */
    static final int BATCH = 50;

    /** The list cut into runs of at most {@link #BATCH}, each sent as one script run. */
    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new java.util.ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            chunks.add(all.subList(from, Math.min(all.size(), from + BATCH)));
        }
        return chunks;
    }
}
