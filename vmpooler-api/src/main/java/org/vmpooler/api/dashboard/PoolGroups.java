package org.vmpooler.api.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups pools by "major" name, the part before the first {@code -} ({@code centos-7-x86_64} → {@code centos}).
 * A name without {@code -}, or starting with one, is its own group: the reference reused a stale match or made
 * an empty-named group for those.
 */
final class PoolGroups {
    private PoolGroups() {
    }

    static String major(String pool) {
        int dash = pool.indexOf('-');
        return dash > 0 ? pool.substring(0, dash) : pool;
    }

    /** Group → its pools, groups in order of first appearance, pools in the order given. */
    static Map<String, List<String>> of(List<String> pools) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        pools.forEach(pool -> groups.computeIfAbsent(major(pool), g -> new ArrayList<>()).add(pool));
        return groups;
    }
}
