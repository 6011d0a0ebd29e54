package org.vmpooler.api.vm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.VmLifecycle;

/**
 * {@code PUT /vm/<host>}: validates every member of the body, reports all problems at once (400
 * {@code failure} list), and only then applies the new lifetime (hours from checkout) and tags. The lifetime
 * limit rejects values above {@code max_lifetime_upper_limit} (the limit itself is allowed), and malformed
 * tags are reported instead of crashing.
 */
final class VmModification {
    private static final Logger LOG = LoggerFactory.getLogger(VmModification.class);
    private static final String LIFETIME = "lifetime";
    private static final String TAGS = "tags";

    private final VmpoolerConfig config;
    private final VmLifecycle store;
    private final Clock clock;

    VmModification(VmpoolerConfig config, VmLifecycle store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    /** What the body asks for, once valid. */
    record Changes(Optional<Integer> lifetimeHours, Map<String, String> tags) {
    }

    static boolean changesLifetime(ObjectNode body) {
        return body.has(LIFETIME);
    }

    Changes validate(ObjectNode body) {
        List<String> failures = new ArrayList<>();
        Optional<Integer> lifetime = Optional.empty();
        Map<String, String> tags = Map.of();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            switch (member.getKey()) {
                case LIFETIME -> lifetime = lifetime(member.getValue(), failures);
                case TAGS -> tags = tags(member.getValue(), failures);
                default -> failures.add("Unknown argument " + member.getKey() + ".");
            }
        }
        if (!failures.isEmpty()) {
            throw ApiError.withBody(400, Map.of("failure", failures));
        }
        return new Changes(lifetime, tags);
    }

    void apply(String vm, Changes changes) {
        changes.lifetimeHours().ifPresent(hours -> {
            store.setLifetime(vm, hours);
            LOG.info("{}: lifetime set to {} hours", vm, hours);
        });
        Map<String, String> filtered = new LinkedHashMap<>();
        changes.tags().forEach((key, value) -> {
            String kept = filter(key, value);
            if (!kept.isEmpty()) {
                filtered.put(key, kept);
            }
        });
        if (!filtered.isEmpty()) {
            store.setTags(vm, filtered, RubyTime.day(clock.instant(), clock.getZone()));
            LOG.info("{}: tagged {}", vm, filtered.keySet());
        }
    }

    private Optional<Integer> lifetime(JsonNode value, List<String> failures) {
        String text = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : value.toString();
        long hours;
        try {
            hours = Long.parseLong(text);
        } catch (NumberFormatException e) {
            failures.add("Lifetime must be a positive integer (got " + text + ")");
            return Optional.empty();
        }
        if (hours <= 0) {
            failures.add("Lifetime must be a positive integer (got " + text + ")");
            return Optional.empty();
        }
        Optional<Long> limit = config.global().lifecycle().maxLifetimeUpperLimit().map(Duration::toHours);
        if (limit.isPresent() && hours > limit.get()) {
            failures.add("You provided a lifetime (" + hours + ") that exceeds the configured maximum of "
                    + limit.get() + ".");
            return Optional.empty();
        }
        if (hours > Integer.MAX_VALUE) {
            failures.add("Lifetime must be at most " + Integer.MAX_VALUE + " (got " + text + ")");
            return Optional.empty();
        }
        return Optional.of((int) hours);
    }

    private Map<String, String> tags(JsonNode value, List<String> failures) {
        if (!value.isObject()) {
            failures.add("You provided tags (" + value + ") as something other than a hash.");
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        int before = failures.size();
        for (Map.Entry<String, JsonNode> tag : value.properties()) {
            String problem = InputRules.tagProblem(tag.getKey(), tag.getValue());
            if (problem != null) {
                failures.add(problem);
            } else {
                tags.put(tag.getKey(), tag.getValue().isNull() ? "" : tag.getValue().asText());
            }
        }
        Optional<List<String>> allowed = config.global().api().allowedTags();
        if (failures.size() == before && allowed.isPresent()
                && !allowed.get().containsAll(tags.keySet())) {
            failures.add("You provided unsupported tags (" + value + ").");
        }
        return tags;
    }

    /** A configured tag filter keeps only its capture groups of the first match. */
    private String filter(String key, String value) {
        Pattern filter = config.tagFilters().get(key);
        if (filter == null) {
            return value;
        }
        Matcher matcher = filter.matcher(value);
        if (!matcher.find()) {
            return value;
        }
        StringBuilder kept = new StringBuilder();
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                kept.append(matcher.group(group));
            }
        }
        return kept.toString();
    }
}
