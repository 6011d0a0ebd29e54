package org.vmpooler.api.ondemand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.vm.CandidatePools;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.metrics.Metrics;

/**
 * Reads what a client asks for in an on-demand request and turns it into the request's lines: names checked
 * (404 with every unknown one), counts checked (400 for anything but a whole number of at least one, 403 over
 * {@code max_ondemand_instances_per_request}), and every VM of a name assigned to a pool by the same alias
 * choice as checkout ({@link CandidatePools}).
 */
final class OndemandOrder {
    static final String REQUEST_ID = "request_id";
    private static final Logger LOG = LoggerFactory.getLogger(OndemandOrder.class);
    /** Request ids end up in {@code <alias>:<pool>:<count>:<id>} task strings and key names. */
    private static final Pattern REQUEST_ID_FORMAT = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final CandidatePools candidates;
    private final Metrics metrics;
    private final int maxPerName;

    OndemandOrder(CandidatePools candidates, Metrics metrics, int maxPerName) {
        this.candidates = candidates;
        this.metrics = metrics;
        this.maxPerName = maxPerName;
    }

    /** The names and counts of a JSON body, in body order. */
    Map<String, Integer> fromBody(ObjectNode body) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        body.properties().forEach(e -> {
            if (!e.getKey().equals(REQUEST_ID)) {
                entries.put(e.getKey(), e.getValue());
            }
        });
        rejectUnknown(new ArrayList<>(entries.keySet()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        entries.forEach((name, value) -> counts.put(name, count(name, value)));
        rejectTooMany(counts);
        return counts;
    }

    /** {@code <t1>+<t2>+<t1>}: one VM per occurrence. */
    Map<String, Integer> fromPath(String templates) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : templates.split("\\+", -1)) {
            counts.merge(name, 1, Integer::sum);
        }
        rejectUnknown(new ArrayList<>(counts.keySet()));
        rejectTooMany(counts);
        return counts;
    }

    /** The client's {@code request_id}, checked, or empty when it gave none. */
    static Optional<String> requestId(ObjectNode body) {
        JsonNode id = body.get(REQUEST_ID);
        if (id == null || id.isNull()) {
            return Optional.empty();
        }
        if (!id.isTextual() || !REQUEST_ID_FORMAT.matcher(id.asText()).matches()) {
            throw ApiError.withMessage(400,
                    "request_id must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        return Optional.of(id.asText());
    }

    /** Each VM of each name goes to the pool the alias choice draws for it. */
    List<RequestedLine> assign(Map<String, Integer> counts) {
        List<RequestedLine> lines = new ArrayList<>();
        counts.forEach((name, count) -> {
            Map<String, Integer> perPool = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                perPool.merge(candidates.orderFor(name).getFirst(), 1, Integer::sum);
            }
            perPool.forEach((pool, n) -> lines.add(new RequestedLine(name, pool, n)));
        });
        return lines;
    }

    private void rejectUnknown(List<String> names) {
        if (names.isEmpty()) {
            throw ApiError.withMessage(400, "the request names no pool or alias");
        }
        List<String> unknown = names.stream().filter(n -> !candidates.isKnown(n)).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(n -> metrics.increment("ondemandrequest_fail.invalid." + n));
            LOG.info("on-demand request refused: unknown pool or alias {}", unknown);
            throw ApiError.withBody(404, Map.of("bad_templates", unknown));
        }
    }

    private static int count(String name, JsonNode value) {
        String text = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : "";
        if (!DIGITS.matcher(text).matches()) {
            throw atLeastOne(name);
        }
        // Any count too large for an int is over every configurable maximum, so it gets the maximum's 403.
        int count = text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (count < 1) {
            throw atLeastOne(name);
        }
        return count;
    }

    private static ApiError atLeastOne(String name) {
        return ApiError.withMessage(400, "the number of VMs of '" + name + "' must be a whole number of at least 1");
    }

    private void rejectTooMany(Map<String, Integer> counts) {
        List<String> over = counts.entrySet().stream().filter(e -> e.getValue() > maxPerName).map(Map.Entry::getKey)
                .toList();
        if (!over.isEmpty()) {
            over.forEach(n -> metrics.increment("ondemandrequest_fail.toomanyrequests." + n));
            throw ApiError.withBody(403,
                    Map.of("message", "requested amount of instances exceeds the maximum " + maxPerName));
        }
    }
}
