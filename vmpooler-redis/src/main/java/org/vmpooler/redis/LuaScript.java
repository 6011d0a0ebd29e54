package org.vmpooler.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The Lua scripts that make every multi-key or read-modify-write change of the Redis store atomic. Each is a
 * resource {@code org/vmpooler/redis/<name>.lua}; it is sent to Redis once ({@link #loadAll}) and then run by
 * its SHA-1 with EVALSHA, and sent again when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH). Every
 * script starts with the shared names of {@link LuaVocabulary}, then the libraries it asks for.
 */
enum LuaScript {
    ACQUIRE_LEASE,
    ACQUIRE_SLOT,
    ADD_DEAD_LETTER,
    BEGIN_ONDEMAND,
    CHECKOUT,
    CLONE_FAILURE,
    CLONE_SUCCESS(Library.DURATION_STAT),
    CREATE_ONDEMAND,
    DELIVER_ONDEMAND(Library.DURATION_STAT),
    FENCED_MARK_DESTROYING(Fenced.of("mark_destroying")),
    FENCED_MOVE(Fenced.of("move")),
    FENCED_RESERVE_VM(Fenced.of("reserve_vm")),
    FINISH_ONDEMAND,
    FORGET_VM,
    GIVE_BACK_UNTOKENED(Library.GIVE_BACK),
    HASHES,
    INCREMENT_EXISTING_FIELD,
    LIVE_MANAGERS,
    MARK_DESTROYING,
    MARK_READY(Library.DURATION_STAT),
    MOVE_ALL,
    MOVE_SOME,
    ONDEMAND_TASK_QUEUE,
    POOL_QUEUES,
    POOL_RUNTIME,
    PUBLISH_POOLS,
    RATE_LIMIT,
    RELEASE_SLOT,
    RENEW_LEASE,
    REPLACE_HASH,
    REQUEST_DESTROY(Library.GIVE_BACK),
    RESERVE_VM,
    RETURN_SLOTS,
    RUNNING_VMS_OF_TOKEN,
    SET_EXISTING_FIELD,
    SET_SIZES,
    SET_TAGS,
    STATUS_SNAPSHOT,
    USE_TOKEN;

    private final String source;
    private volatile String sha;

    LuaScript(Library... libraries) {
        StringBuilder text = new StringBuilder(LuaVocabulary.prelude());
        for (Library library : libraries) {
            text.append(read(library.resource)).append('\n');
        }
        source = text.append(read(name().toLowerCase(Locale.ROOT) + ".lua")).toString();
    }

    /** A script that runs another script's source behind the pool-lease check of {@code fence.lua}. */
    LuaScript(Fenced fenced) {
        source = LuaVocabulary.prelude() + read(Fenced.GUARD) + '\n' + read(fenced.resource);
    }

    /** The source of a script run under a pool lease ({@link RedisPoolLeases}). */
    private record Fenced(String resource) {
        static final String GUARD = "fence.lua";

        static Fenced of(String script) {
            return new Fenced(script + ".lua");
        }
    }

    /** Functions that several scripts share, put in front of each script's own source. */
    private enum Library {
        DURATION_STAT("duration_stat.lua"),
        GIVE_BACK("give_back.lua");

        private final String resource;

        Library(String resource) {
            this.resource = resource;
        }
    }

    /** The resource names of every script and library, for checks over the sources. */
    static List<String> resources() {
        List<String> all = new ArrayList<>();
        for (Library library : Library.values()) {
            all.add(library.resource);
        }
        all.add(Fenced.GUARD);
        all.add("move.lua");
        for (LuaScript script : values()) {
            if (!script.name().startsWith("FENCED_")) {
                all.add(script.name().toLowerCase(Locale.ROOT) + ".lua");
            }
        }
        return all;
    }

    static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Lua script resource " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + resource, e);
        }
    }

    /** Sends every script to Redis so that later calls need only the SHA-1. */
    static void loadAll(RedisCommands<String, String> redis) {
        for (LuaScript script : values()) {
            script.sha = redis.scriptLoad(script.source);
        }
    }

    <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, List<String> keys, List<String> args) {
        String[] keyArray = keys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        String loaded = sha;
        if (loaded != null) {
            try {
                return redis.evalsha(loaded, type, keyArray, argArray);
            } catch (RedisNoScriptException e) {
                // Redis lost its script cache; send the source again below.
            }
        }
        sha = redis.scriptLoad(source);
        return redis.evalsha(sha, type, keyArray, argArray);
    }
}
