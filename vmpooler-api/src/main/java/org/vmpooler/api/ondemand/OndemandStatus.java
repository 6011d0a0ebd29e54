package org.vmpooler.api.ondemand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.store.OndemandRequests;

/**
 * What {@code GET /ondemandvm/<id>} answers for a stored request: 200 with the hostnames when ready, 200 with a
 * message when failed or deleted, 202 with per-name ready/pending counts (strings, as floaty expects) while in
 * progress. Several pools under one requested name are reported together under that name.
 */
final class OndemandStatus {
    record Answer(int status, Map<String, Object> body) {
    }

    private final VmpoolerConfig config;
    private final OndemandRequests store;

    OndemandStatus(VmpoolerConfig config, OndemandRequests store) {
        this.config = config;
        this.store = store;
    }

    Answer of(OndemandRequest request) {
        Map<String, Object> body = ApiResponses.ok();
        body.put("request_id", request.id());
        switch (request.status().orElse(null)) {
            case READY -> {
                body.put("ready", true);
                hostnames(request).forEach((name, hosts) -> body.put(name, Map.of("hostname", hosts)));
                return new Answer(200, body);
            }
            case FAILED -> {
                body.put("ready", false);
                body.put("message", request.failureReason()
                        .map(reason -> "The request failed: " + reason)
                        .orElse("The request failed to provision instances within the configured "
                                + "ondemand_request_ttl '" + config.global().provisioning().ondemandRequestTtl()
                                .toMinutes() + "'"));
                return new Answer(200, body);
            }
            case DELETED -> {
                body.put("ready", false);
                body.put("message", "The request has been deleted");
                return new Answer(200, body);
            }
            case null -> {
                body.put("ready", false);
                progress(request).forEach(body::put);
                return new Answer(202, body);
            }
        }
    }

    private Map<String, List<String>> hostnames(OndemandRequest request) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (RequestedLine line : request.requested()) {
            List<String> hosts = byName.computeIfAbsent(line.alias(), n -> new ArrayList<>());
            String suffix = config.domainFor(line.pool()).filter(d -> !d.isEmpty()).map(d -> "." + d).orElse("");
            store.deliveredVms(request.id(), line.alias(), line.pool()).stream().sorted()
                    .forEach(vm -> hosts.add(vm + suffix));
        }
        return byName;
    }

    private Map<String, Object> progress(OndemandRequest request) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (RequestedLine line : request.requested()) {
            long ready = store.deliveredVms(request.id(), line.alias(), line.pool()).size();
            long[] c = counts.computeIfAbsent(line.alias(), n -> new long[2]);
            c[0] += ready;
            c[1] += Math.max(0, line.count() - ready);
        }
        Map<String, Object> byName = new LinkedHashMap<>();
        counts.forEach((name, c) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ready", Long.toString(c[0]));
            entry.put("pending", Long.toString(c[1]));
            byName.put(name, entry);
        });
        return byName;
    }
}
