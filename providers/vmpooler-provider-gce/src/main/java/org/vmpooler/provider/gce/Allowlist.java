package org.vmpooler.provider.gce;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code resources_allowlist} as the reference reads it for purging: an entry keeps resources whose {@code pool}
 * label has that value, {@code ""} keeps resources without a {@code pool} label, and {@code key=value} keeps
 * resources carrying that label. Entries are compared in lower case.
 */
record Allowlist(List<String> entries) {

    static Allowlist of(List<String> entries) {
        return new Allowlist(entries.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).toList());
    }

    boolean keeps(Map<String, String> labels) {
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (entry.isEmpty() ? !labels.containsKey("pool")
                    : eq > 0 ? entry.substring(eq + 1).equals(labels.get(entry.substring(0, eq)))
                    : entry.equals(labels.get("pool"))) {
                return true;
            }
        }
        return false;
    }
}
