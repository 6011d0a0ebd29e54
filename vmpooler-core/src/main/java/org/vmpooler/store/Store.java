package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;

/**
 * All the state vmpooler keeps, in domain terms: the sum of one port per aggregate ({@link VmQueues},
 * {@link VmLifecycle}, {@link CloneSlots}, {@link PoolSettings}, {@link Statistics}, {@link Tokens},
 * {@link OndemandRequests}, {@link Operations}, {@link PoolLeases}). The manager and the API talk only to these
 * ports, each part taking
 * the narrowest one it needs; the in-memory store and the Redis store implement them all, one class per aggregate,
 * and one contract suite per aggregate holds both to them.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 *   <li>Every method is atomic: a concurrent caller (thread or, for Redis, process) sees its effect whole or
 *   not at all. In particular a VM is never in two exclusive states, never in none because of a move, and
 *   never handed out twice.</li>
 *   <li>Times given as {@link Instant} are stored in the reference's formats (see
 *   {@link org.vmpooler.domain.RubyTime}) in the store's zone; durations as seconds with two decimals.</li>
 *   <li>Expiry ({@link Duration} TTL arguments) behaves as Redis EXPIRE: the whole record disappears once the
 *   TTL has passed by the store's clock.</li>
 *   <li>Methods never return null; absent things are empty optionals, empty collections or {@code false}.</li>
 *   <li>Failures to reach the backing service surface as {@link StoreException}.</li>
 * </ul>
 */
public interface Store extends VmQueues, VmLifecycle, CloneSlots, PoolSettings, Statistics, Tokens, OndemandRequests,
        Operations, PoolLeases, AutoCloseable {

    /** Whether the store answers right now. Never throws. */
    boolean ping();

    @Override
    void close();
}
