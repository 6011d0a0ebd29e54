package org.vmpooler.api.vm;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.UntokenedGiveBack;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.VmLifecycle;
import org.vmpooler.store.VmQueues;

/** {@code /api/v3/vm}: list pools, check out VMs, and look at, modify or give back one VM. */
public final class VmRoutes implements RouteGroup {
    static final String BASE = "/api/v3/vm";
    private static final Logger LOG = LoggerFactory.getLogger(VmRoutes.class);
    private static final int MAX_PER_NAME = 100;

    private final VmpoolerConfig config;
    private final VmQueues vms;
    private final VmLifecycle lifecycle;
    private final Metrics metrics;
    private final TokenAuthenticator auth;
    private final Ownership ownership;
    private final Checkout checkout;
    private final VmDetails details;
    private final VmModification modification;
    private final UsageMetrics usage;

    public VmRoutes(VmpoolerConfig config, VmQueues vms, VmLifecycle lifecycle, Metrics metrics, Clock clock, TokenAuthenticator auth,
                    Ownership ownership, RandomGenerator random) {
        this.config = config;
        this.vms = vms;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.auth = auth;
        this.ownership = ownership;
        this.usage = new UsageMetrics(metrics, config.global().api().usageStats());
        this.checkout = new Checkout(config, vms, lifecycle, metrics, clock, new CandidatePools(config, random), usage);
        this.details = new VmDetails(config, clock);
        this.modification = new VmModification(config, lifecycle, clock);
    }

    @Override
    public void register(RoutesConfig app) {
        app.get(BASE, this::listPools);
        app.post(BASE, this::checkoutFromBody);
        app.post(BASE + "/{templates}", this::checkoutFromPath);
        app.get(BASE + "/{hostname}", this::show);
        app.put(BASE + "/{hostname}", this::modify);
        app.delete(BASE + "/{hostname}", this::giveBack);
    }

    private void listPools(Context ctx) {
        ApiResponses.json(ctx, 200, config.poolNames());
    }

    /** Body {@code {"<pool or alias>": count, ...}}, every entry validated before anything is taken. */
    private void checkoutFromBody(Context ctx) {
        metrics.increment("http_requests_vm_total.post.vm.checkout");
        Optional<AuthenticatedToken> token = auth.ifPresent(ctx.header(TokenAuthenticator.HEADER));
        ObjectNode body = JsonBody.read(ctx);
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            InputRules.poolName(entry.getKey());
            requested.put(entry.getKey(), InputRules.integer(entry.getValue(), "VM count", 1, MAX_PER_NAME));
        }
        checkout.rejectUnknown(requested.keySet());
        ApiResponses.json(ctx, 200, checkout.perform(requested, token));
    }

    /** {@code <t1>+<t2>+<t1>}: each occurrence of a name asks for one more VM of it. */
    private void checkoutFromPath(Context ctx) {
        metrics.increment("http_requests_vm_total.post.vm.template");
        Optional<AuthenticatedToken> token = auth.ifPresent(ctx.header(TokenAuthenticator.HEADER));
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (String name : ctx.pathParam("templates").split("\\+", -1)) {
            requested.merge(name, 1, Integer::sum);
        }
        checkout.rejectUnknown(requested.keySet());
        requested.forEach((name, count) -> InputRules.within(count, "VM count", 1, MAX_PER_NAME));
        ApiResponses.json(ctx, 200, checkout.perform(requested, token));
    }

    private void show(Context ctx) {
        metrics.increment("http_requests_vm_total.get.vm.hostname");
        VmRecord vm = existingVm(ctx);
        ownership.requireReader(Owned.vm(vm), ctx.header(TokenAuthenticator.HEADER));
        Map<String, Object> body = ApiResponses.ok();
        body.put(vm.name(), details.describe(vm));
        ApiResponses.json(ctx, 200, body);
    }

    private void modify(Context ctx) {
        metrics.increment("http_requests_vm_total.put.vm.modify");
        VmRecord vm = existingVm(ctx);
        String header = ctx.header(TokenAuthenticator.HEADER);
        Optional<AuthenticatedToken> token = auth.ifPresent(header);
        ObjectNode body = JsonBody.read(ctx);
        if (VmModification.changesLifetime(body) && token.isEmpty()) {
            token = auth.requiredWhenAuthConfigured(header);
        }
        ownership.requireOwner(Owned.vm(vm), token);
        modification.apply(vm.name(), modification.validate(body));
        ApiResponses.json(ctx, 200, ApiResponses.ok());
    }

    /**
     * A client that sends no token gives back a VM no token owns (nearly every give-back of a farm without
     * {@code :auth:}): the store checks that and queues the destruction in one round trip, or says that a token owns
     * the VM, which without a token is a 401. A give-back with a token reads the record, proves the token against
     * it, and then asks for the destruction.
     */
    private void giveBack(Context ctx) {
        metrics.increment("http_requests_vm_total.delete.vm.hostname");
        String header = ctx.header(TokenAuthenticator.HEADER);
        if (header == null) {
            switch (lifecycle.giveBackUntokened(vmName(ctx))) {
                case UntokenedGiveBack.Requested(DestroyRequestOutcome outcome, Optional<VmRecord> vm) ->
                        answerGiveBack(ctx, outcome, vm.orElseThrow(() -> ApiError.bare(404)), Optional.empty());
                // The store saw a token owning the VM, and the client sent none: 401 without reading the record.
                case UntokenedGiveBack.TokenHeld held -> throw ApiError.unauthorized();
            }
            return;
        }
        VmRecord vm = existingVm(ctx);
        Optional<AuthenticatedToken> token = vm.token().isPresent()
                ? Optional.of(auth.required(header))
                : auth.ifPresent(header);
        ownership.requireOwner(Owned.vm(vm), token);
        answerGiveBack(ctx, lifecycle.requestDestroy(vm.name()), vm, token);
    }

    private void answerGiveBack(Context ctx, DestroyRequestOutcome outcome, VmRecord vm,
                                Optional<AuthenticatedToken> token) {
        String pool = vm.pool().orElse("unknown");
        switch (outcome) {
            case QUEUED -> {
                metrics.increment("delete.success");
                LOG.info("[{}] {} given back by {}; queued for destruction", pool, vm.name(),
                        token.map(AuthenticatedToken::user).orElse("an anonymous client"));
                usage.record(UsageMetrics.DESTROY, vm.tokenUser(), vm.name(), pool, vm.tags());
                ApiResponses.json(ctx, 200, ApiResponses.ok());
            }
            case ALREADY_GONE -> {
                LOG.info("[{}] {} given back again; it is already queued for destruction", pool, vm.name());
                ApiResponses.json(ctx, 200, ApiResponses.ok());
            }
            case NOT_RUNNING, UNKNOWN -> {
                metrics.increment("delete.failed");
                LOG.info("[{}] {}: delete refused, the VM is not checked out ({})", pool, vm.name(), outcome);
                throw ApiError.bare(404);
            }
        }
    }

    /** Loads the record of the path's VM: 400 or 404 otherwise. */
    private VmRecord existingVm(Context ctx) {
        return vms.vm(vmName(ctx)).orElseThrow(() -> ApiError.bare(404));
    }

    /** Validates the path's hostname (400 otherwise) and shortens it to the VM's name. */
    private static String vmName(Context ctx) {
        String hostname = ctx.pathParam("hostname");
        InputRules.hostname(hostname);
        return InputRules.shorten(hostname);
    }
}
