package org.vmpooler.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The in-memory image of a Redis database: named values with an optional expiry, and the handful of Redis
 * commands the store needs, with Redis's semantics (empty collections vanish, writing a field keeps the key's
 * expiry, SET replaces it). Not thread-safe by itself: {@link InMemoryStore} runs every operation under one
 * lock, which is what makes each store method atomic.
 */
final class Keyspace {

    private static final class Slot {
        final StoredValue value;
        Instant expiresAt;

        Slot(StoredValue value) {
            this.value = value;
        }
    }

    private record Deadline(Instant at, String key) {
    }

    private final Clock clock;
    private final Map<String, Slot> slots = new HashMap<>();
    /** Pending expiries, soonest first; stale entries (key re-expired or deleted) are skipped when due. */
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>(Comparator.comparing(Deadline::at));

    Keyspace(Clock clock) {
        this.clock = clock;
    }

    /** Drops every key whose expiry has passed by the clock; called before each store operation. */
    void expireDue() {
        Instant now = clock.instant();
        while (!deadlines.isEmpty() && !deadlines.peek().at().isAfter(now)) {
            Deadline due = deadlines.poll();
            Slot slot = slots.get(due.key());
            if (slot != null && due.at().equals(slot.expiresAt)) {
                slots.remove(due.key());
            }
        }
    }

    // ------------------------------------------------------------ keys

    boolean exists(String key) {
        return slots.containsKey(key);
    }

    boolean del(String key) {
        return slots.remove(key) != null;
    }

    /** EXPIRE: the key disappears {@code ttl} from now; returns false when there is no such key. */
    boolean expire(String key, Duration ttl) {
        Slot slot = slots.get(key);
        if (slot == null) {
            return false;
        }
        if (ttl.isNegative() || ttl.isZero()) {
            slots.remove(key);
            return true;
        }
        slot.expiresAt = clock.instant().plus(ttl);
        deadlines.add(new Deadline(slot.expiresAt, key));
        return true;
    }

    /** Time left before the key expires; empty when it does not exist or never expires. */
    Optional<Duration> ttl(String key) {
        Slot slot = slots.get(key);
        if (slot == null || slot.expiresAt == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(clock.instant(), slot.expiresAt));
    }

    List<String> keysWithPrefix(String prefix) {
        return slots.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    // ------------------------------------------------------------ strings

    Optional<String> get(String key) {
        StoredString s = read(key, StoredString.class);
        return s == null ? Optional.empty() : Optional.of(s.value);
    }

    /** SET, with an expiry when {@code ttl} is given; any previous expiry is dropped. */
    void set(String key, String value, Duration ttl) {
        slots.remove(key);
        slots.put(key, new Slot(new StoredString(value)));
        if (ttl != null) {
            expire(key, ttl);
        }
    }

    long incrBy(String key, long delta) {
        StoredString s = write(key, StoredString.class, () -> new StoredString("0"));
        long value = parseCounter(key, s.value) + delta;
        s.value = Long.toString(value);
        return value;
    }

    long counter(String key) {
        return get(key).map(v -> parseCounter(key, v)).orElse(0L);
    }

    private static long parseCounter(String key, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new StoreException("value of " + key + " is not an integer: '" + raw + "'");
        }
    }

    // ------------------------------------------------------------ hashes

    Optional<String> hget(String key, String field) {
        StoredHash h = read(key, StoredHash.class);
        return h == null ? Optional.empty() : Optional.ofNullable(h.fields.get(field));
    }

    Map<String, String> hgetAll(String key) {
        StoredHash h = read(key, StoredHash.class);
        return h == null ? Map.of() : new LinkedHashMap<>(h.fields);
    }

    void hset(String key, String field, String value) {
        write(key, StoredHash.class, StoredHash::new).fields.put(field, value);
    }

    void hsetAll(String key, Map<String, String> fields) {
        if (!fields.isEmpty()) {
            write(key, StoredHash.class, StoredHash::new).fields.putAll(fields);
        }
    }

    boolean hdel(String key, String field) {
        StoredHash h = read(key, StoredHash.class);
        if (h == null) {
            return false;
        }
        boolean removed = h.fields.remove(field) != null;
        dropIfEmpty(key, h);
        return removed;
    }

    long hincrBy(String key, String field, long delta) {
        StoredHash h = write(key, StoredHash.class, StoredHash::new);
        String old = h.fields.getOrDefault(field, "0");
        long value = parseCounter(key + " " + field, old) + delta;
        h.fields.put(field, Long.toString(value));
        return value;
    }

    // ------------------------------------------------------------ sets

    Set<String> smembers(String key) {
        StoredSet s = read(key, StoredSet.class);
        return s == null ? Set.of() : new LinkedHashSet<>(s.members);
    }

    long scard(String key) {
        StoredSet s = read(key, StoredSet.class);
        return s == null ? 0 : s.members.size();
    }

    boolean sismember(String key, String member) {
        StoredSet s = read(key, StoredSet.class);
        return s != null && s.members.contains(member);
    }

    boolean sadd(String key, String member) {
        return write(key, StoredSet.class, StoredSet::new).members.add(member);
    }

    boolean srem(String key, String member) {
        StoredSet s = read(key, StoredSet.class);
        if (s == null) {
            return false;
        }
        boolean removed = s.members.remove(member);
        dropIfEmpty(key, s);
        return removed;
    }

    /** SMOVE: moves the member if, and only if, it is in {@code from}. */
    boolean smove(String from, String to, String member) {
        if (!srem(from, member)) {
            return false;
        }
        sadd(to, member);
        return true;
    }

    /** Removes and returns the oldest member, if any. */
    Optional<String> spop(String key) {
        StoredSet s = read(key, StoredSet.class);
        if (s == null) {
            return Optional.empty();
        }
        Iterator<String> it = s.members.iterator();
        String member = it.next();
        it.remove();
        dropIfEmpty(key, s);
        return Optional.of(member);
    }

    /** The oldest member, if any, left in place. */
    Optional<String> sany(String key) {
        StoredSet s = read(key, StoredSet.class);
        return s == null ? Optional.empty() : s.members.stream().findFirst();
    }

    // ------------------------------------------------------------ sorted sets

    boolean zadd(String key, String member, double score) {
        return write(key, StoredSortedSet.class, StoredSortedSet::new).add(member, score);
    }

    boolean zrem(String key, String member) {
        StoredSortedSet z = read(key, StoredSortedSet.class);
        if (z == null) {
            return false;
        }
        boolean removed = z.remove(member);
        dropIfEmpty(key, z);
        return removed;
    }

    OptionalDouble zscore(String key, String member) {
        StoredSortedSet z = read(key, StoredSortedSet.class);
        return z == null ? OptionalDouble.empty() : z.score(member);
    }

    List<StoredSortedSet.Scored> zrange(String key) {
        StoredSortedSet z = read(key, StoredSortedSet.class);
        return z == null ? List.of() : z.ascending();
    }

    long zcard(String key) {
        StoredSortedSet z = read(key, StoredSortedSet.class);
        return z == null ? 0 : z.size();
    }

    /** Keeps only the {@code keep} highest-scored members. */
    void ztrimToHighest(String key, int keep) {
        StoredSortedSet z = read(key, StoredSortedSet.class);
        if (z != null && z.size() > keep) {
            z.removeLowest(z.size() - Math.max(keep, 0));
            dropIfEmpty(key, z);
        }
    }

    // ------------------------------------------------------------ typed access

    private <T extends StoredValue> T read(String key, Class<T> type) {
        Slot slot = slots.get(key);
        if (slot == null) {
            return null;
        }
        if (!type.isInstance(slot.value)) {
            throw new StoreException("WRONGTYPE: " + key + " holds a " + slot.value.typeName()
                    + ", not a " + typeNameOf(type));
        }
        return type.cast(slot.value);
    }

    private <T extends StoredValue> T write(String key, Class<T> type, Supplier<T> create) {
        T existing = read(key, type);
        if (existing != null) {
            return existing;
        }
        T created = create.get();
        slots.put(key, new Slot(created));
        return created;
    }

    private void dropIfEmpty(String key, StoredValue value) {
        if (value.isEmpty()) {
            slots.remove(key);
        }
    }

    private static String typeNameOf(Class<? extends StoredValue> type) {
        return type.getSimpleName().replace("Stored", "").toLowerCase(java.util.Locale.ROOT);
    }
}
