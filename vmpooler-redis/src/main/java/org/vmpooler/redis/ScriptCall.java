package org.vmpooler.redis;

import java.util.List;

/**
 * The keys and arguments of one script run, built by the aggregate that owns the write, so that
 * {@link RedisPoolLeases} can run the same write behind a pool-lease check.
 */
record ScriptCall(String what, List<String> keys, List<String> args) {
}
