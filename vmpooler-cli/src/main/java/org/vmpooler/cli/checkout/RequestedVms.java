package org.vmpooler.cli.checkout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.http.PoolerClient;

/** What {@code get pool pool2=N} asks for: pools (or aliases) with counts, in the order given. */
public record RequestedVms(Map<String, Integer> counts) {
    /** vmfloaty's guard against typos such as {@code debian=50}; --force lifts it. */
    public static final int MAX_WITHOUT_FORCE = 5;

    public static RequestedVms parse(List<String> arguments, boolean force) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.lastIndexOf('=');
            String pool = equals < 0 ? argument : argument.substring(0, equals);
            int count = equals < 0 ? 1 : count(argument, argument.substring(equals + 1));
            if (pool.isBlank()) {
                throw CliFailure.usage("'" + argument + "': expected POOL or POOL=COUNT");
            }
            counts.merge(pool, count, Integer::sum);
        }
        counts.forEach((pool, count) -> {
            if (count > MAX_WITHOUT_FORCE && !force) {
                throw CliFailure.usage("asking for " + count + " VMs of " + pool + ": more than "
                        + MAX_WITHOUT_FORCE + " needs --force");
            }
        });
        return new RequestedVms(Collections.unmodifiableMap(counts));
    }

    private static int count(String argument, String text) {
        try {
            int count = Integer.parseInt(text);
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliFailure.usage("'" + argument + "': the count must be a whole number of at least 1");
    }

    /** The API's path form: each pool repeated once per VM, joined by {@code +}. */
    public String path() {
        List<String> names = new ArrayList<>();
        counts.forEach((pool, count) -> names.addAll(Collections.nCopies(count, PoolerClient.segment(pool))));
        return String.join("+", names);
    }

    public String describe() {
        List<String> parts = new ArrayList<>();
        counts.forEach((pool, count) -> parts.add(count == 1 ? pool : pool + "=" + count));
        return String.join(", ", parts);
    }
}
