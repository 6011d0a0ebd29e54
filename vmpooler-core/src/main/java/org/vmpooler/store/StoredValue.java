package org.vmpooler.store;

/**
 * One value of the in-memory {@link Keyspace}, shaped like the Redis type the reference uses for that key, so
 * the in-memory store and the Redis store hold the same data. Like Redis, a collection that becomes empty
 * stops existing.
 */
sealed interface StoredValue permits StoredHash, StoredSet, StoredSortedSet, StoredString {

    boolean isEmpty();

    /** The Redis type name, for the error raised when a key is used as the wrong type. */
    String typeName();
}
