package org.vmpooler.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * How often a generated VM name is already taken on a farm that keeps every name it used: the name generator of a
 * server jar ({@code HostnameGenerator.standard(...).core()}, loaded from that jar, so an old build and the new
 * one are measured by the same code) draws names for {@code clones} clones, each allowed three draws as the
 * manager allows, against every name drawn before (the reference keeps a destroyed VM's record, and so its
 * name, for {@code data_ttl}: a week by default).
 */
final class NameCollisions {

    /** What drawing names for a number of clones gave. */
    record Result(long clones, long retried, long failed) {
    }

    private final Object generator;
    private final Method core;

    NameCollisions(Path serverJar, long seed) throws ReflectiveOperationException, IOException {
        URLClassLoader loader = new URLClassLoader(new URL[] {serverJar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Class<?> type = loader.loadClass("org.vmpooler.manager.clone.HostnameGenerator");
        Method standard = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals("standard")) {
                standard = m;
            }
        }
        if (standard == null) {
            throw new NoSuchMethodException("HostnameGenerator.standard in " + serverJar);
        }
        // Drawing a name uses neither the resolver nor the metrics.
        this.generator = standard.invoke(null, new SplittableRandom(seed), null, null);
        this.core = type.getMethod("core");
    }

    Result draw(long clones) throws ReflectiveOperationException {
        FingerprintSet taken = new FingerprintSet(clones);
        long retried = 0;
        long failed = 0;
        for (long clone = 0; clone < clones; clone++) {
            int attempt = 1;
            while (!taken.add(fingerprint((String) core.invoke(generator)))) {
                if (attempt == 3) {
                    failed++;
                    break;
                }
                attempt++;
            }
            if (attempt > 1) {
                retried++;
            }
        }
        return new Result(clones, retried, failed);
    }

    /** FNV-1a over the characters, then MurmurHash3's finaliser: 64 bits, so 50 million names rarely share one. */
    private static long fingerprint(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** Open addressing over a long[]: tens of millions of names in a few hundred megabytes. */
    private static final class FingerprintSet {
        private final long[] slots;
        private final int mask;
        private boolean hasZero;

        FingerprintSet(long expected) {
            int size = Integer.highestOneBit((int) Math.min(1L << 30, Math.max(16, expected * 2))) << 1;
            this.slots = new long[size];
            this.mask = size - 1;
        }

        /** False when the fingerprint was there already. */
        boolean add(long fingerprint) {
            if (fingerprint == 0) {
                boolean fresh = !hasZero;
                hasZero = true;
                return fresh;
            }
            int i = (int) fingerprint & mask;
            while (slots[i] != 0) {
                if (slots[i] == fingerprint) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = fingerprint;
            return true;
        }
    }
}
