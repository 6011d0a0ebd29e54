package org.vmpooler.api.ondemand;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.auth.AuthenticatedToken;
import org.vmpooler.api.auth.Ownership;
import org.vmpooler.api.auth.Ownership.Owned;
import org.vmpooler.api.auth.TokenAuthenticator;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.JsonBody;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.api.vm.CandidatePools;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.OndemandRequests;

/**
 * {@code /api/v3/ondemandvm}: create a request for VMs that the manager clones for it, poll it, delete it. The
 * API only records the request; the manager's provisioner does the rest (see docs/API.md for the life of a
 * request).
 */
public final class OndemandRoutes implements RouteGroup {
    static final String BASE = "/api/v3/ondemandvm";
    private static final Logger LOG = LoggerFactory.getLogger(OndemandRoutes.class);

    private final OndemandRequests store;
    private final Metrics metrics;
    private final Clock clock;
    private final TokenAuthenticator auth;
    private final Ownership ownership;
    private final OndemandOrder order;
    private final OndemandStatus status;

    public OndemandRoutes(VmpoolerConfig config, OndemandRequests store, Metrics metrics, Clock clock,
                          TokenAuthenticator auth, Ownership ownership, RandomGenerator random) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.auth = auth;
        this.ownership = ownership;
        this.order = new OndemandOrder(new CandidatePools(config, random), metrics,
                config.global().provisioning().maxOndemandInstancesPerRequest());
        this.status = new OndemandStatus(config, store);
    }

    @Override
    public void register(RoutesConfig app) {
        app.post(BASE, this::createFromBody);
        app.post(BASE + "/{templates}", this::createFromPath);
        app.get(BASE + "/{id}", this::show);
        app.delete(BASE + "/{id}", this::delete);
    }

    private void createFromBody(Context ctx) {
        metrics.increment("http_requests_vm_total.post.ondemand.requestid");
        Optional<AuthenticatedToken> token = auth.requiredWhenAuthConfigured(ctx.header(TokenAuthenticator.HEADER));
        ObjectNode body = readBody(ctx);
        Map<String, Integer> counts = order.fromBody(body);
        String id = OndemandOrder.requestId(body).orElseGet(() -> UUID.randomUUID().toString());
        create(ctx, id, counts, token);
    }

    private void createFromPath(Context ctx) {
        metrics.increment("http_requests_vm_total.post.ondemand.template");
        Optional<AuthenticatedToken> token = auth.requiredWhenAuthConfigured(ctx.header(TokenAuthenticator.HEADER));
        Map<String, Integer> counts = order.fromPath(ctx.pathParam("templates"));
        create(ctx, UUID.randomUUID().toString(), counts, token);
    }

    private void create(Context ctx, String id, Map<String, Integer> counts, Optional<AuthenticatedToken> token) {
        List<RequestedLine> lines = order.assign(counts);
        boolean created = store.createOndemandRequest(id, lines,
                token.map(AuthenticatedToken::token).orElse(null), token.map(AuthenticatedToken::user).orElse(null),
                clock.instant());
        if (!created) {
            metrics.increment("ondemandrequest_generate.duplicaterequests");
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("request_id", id);
            members.put("message", "request_id '" + id + "' has already been created");
            throw ApiError.withBody(409, members);
        }
        metrics.increment("ondemandrequest_generate.success");
        LOG.info("on-demand request {} created by {}: {}", id,
                token.map(AuthenticatedToken::user).orElse("an anonymous client"), RequestedLine.formatAll(lines));
        Map<String, Object> body = ApiResponses.ok();
        body.put("request_id", id);
        ApiResponses.json(ctx, 201, body);
    }

    private void show(Context ctx) {
        metrics.increment("http_requests_vm_total.get.ondemand.request");
        String id = ctx.pathParam("id");
        OndemandRequest request = store.ondemandRequest(id).orElseThrow(() -> notFound(id));
        ownership.requireReader(Owned.request(request), ctx.header(TokenAuthenticator.HEADER));
        OndemandStatus.Answer answer = status.of(request);
        ApiResponses.json(ctx, answer.status(), answer.body());
    }

    private void delete(Context ctx) {
        metrics.increment("http_requests_vm_total.delete.ondemand.request");
        Optional<AuthenticatedToken> token = auth.requiredWhenAuthConfigured(ctx.header(TokenAuthenticator.HEADER));
        String id = ctx.pathParam("id");
        // The owner is checked first: the delete itself gives the request's VMs back at once.
        OndemandRequest request = store.ondemandRequest(id).orElseThrow(() -> notFound(id));
        ownership.requireOwner(Owned.request(request), token);
        OndemandDeleteOutcome outcome = store.deleteOndemandRequest(id);
        switch (outcome) {
            case NOT_FOUND -> throw notFound(id);
            case ALREADY_DELETED -> {
                Map<String, Object> body = ApiResponses.ok();
                body.put("message", "the request has already been deleted");
                ApiResponses.json(ctx, 200, body);
            }
            case DELETED -> {
                LOG.info("on-demand request {} deleted by {}; its VMs are given back", id,
                        token.map(AuthenticatedToken::user).orElse("an anonymous client"));
                ApiResponses.json(ctx, 200, ApiResponses.ok());
            }
        }
    }

    /** The reference's message for a body that is not a JSON object, with what was wrong. */
    private static ObjectNode readBody(Context ctx) {
        try {
            return JsonBody.read(ctx);
        } catch (ApiError e) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("message", "JSON payload could not be parsed");
            members.put("error", e.body().get("error"));
            throw ApiError.withBody(e.status(), members);
        }
    }

    private static ApiError notFound(String id) {
        return ApiError.withBody(404, Map.of("message", "no request found for request_id '" + id + "'"));
    }
}
