package org.vmpooler.api.vm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;

/**
 * Which pools may serve a requested name, in the order to try them. A name is a pool, an alias, or both; the
 * candidates are the pool itself and every pool carrying the alias, in configuration order. When there is a
 * choice, one candidate goes first: drawn by {@code backend_weight} of the pools' clone targets when every
 * candidate has a weight, otherwise uniformly; the others follow in configuration order as fallbacks.
 */
public final class CandidatePools {
    private final VmpoolerConfig config;
    private final Map<String, List<String>> aliases;
    private final Set<String> requestable;
    private final RandomGenerator random;

    public CandidatePools(VmpoolerConfig config, RandomGenerator random) {
        this.config = config;
        this.aliases = config.aliases();
        this.requestable = config.requestableNames();
        this.random = random;
    }

    public boolean isKnown(String name) {
        return requestable.contains(name);
    }

    /** Candidates for one VM of {@code name}; a fresh draw on every call, as each VM is chosen on its own. */
    public List<String> orderFor(String name) {
        Set<String> unique = new LinkedHashSet<>();
        config.pool(name).ifPresent(p -> unique.add(p.name()));
        unique.addAll(aliases.getOrDefault(name, List.of()));
        List<String> candidates = new ArrayList<>(unique);
        if (candidates.size() > 1) {
            int first = weightedChoice(candidates).orElseGet(() -> random.nextInt(candidates.size()));
            if (first >= 0) {
                candidates.addFirst(candidates.remove(first));
            }
        }
        return candidates;
    }

    /**
     * The index drawn by weight, empty when some candidate has no weight (then the draw is uniform), or -1 when
     * every weight is zero (nothing is preferred and configuration order stands).
     */
    private Optional<Integer> weightedChoice(List<String> candidates) {
        Map<String, Integer> weights = config.global().provisioning().backendWeight();
        if (weights.isEmpty()) {
            return Optional.empty();
        }
        int[] weightOf = new int[candidates.size()];
        long total = 0;
        for (int i = 0; i < candidates.size(); i++) {
            Optional<Integer> weight = cloneTarget(candidates.get(i)).map(weights::get);
            if (weight.isEmpty()) {
                return Optional.empty();
            }
            weightOf[i] = Math.max(0, weight.get());
            total += weightOf[i];
        }
        if (total == 0) {
            return Optional.of(-1);
        }
        long ticket = random.nextLong(total);
        for (int i = 0; i < weightOf.length; i++) {
            ticket -= weightOf[i];
            if (ticket < 0) {
                return Optional.of(i);
            }
        }
        return Optional.of(weightOf.length - 1);
    }

    private Optional<String> cloneTarget(String pool) {
        return config.pool(pool).flatMap(PoolConfig::cloneTarget)
                .or(() -> config.global().provisioning().cloneTarget());
    }
}
