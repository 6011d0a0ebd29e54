package org.vmpooler.api.vm;

import java.util.Map;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.auth.AuthenticatedToken;
import org.vmpooler.api.auth.Ownership;
import org.vmpooler.api.auth.Ownership.Owned;
import org.vmpooler.api.auth.TokenAuthenticator;
import org.vmpooler.api.auth.TokenGenerator;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PoolCapabilities;
import org.vmpooler.provider.capability.Capability;
import org.vmpooler.store.Operations;
import org.vmpooler.store.VmQueues;

/**
 * {@code /vm/<host>/disk/<size>}, {@code /vm/<host>/snapshot} and {@code /vm/<host>/snapshot/<name>}: the API
 * only queues the work (202) and the manager's VM task worker carries it out through the provider, recording the
 * result on the VM ({@code disk}, {@code snapshot:<name>}) where {@code GET /vm/<host>} shows it. A VM whose
 * pool's provider cannot do it gets a 400 naming the pool, the provider class and the missing capability.
 */
public final class VmTaskRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(VmTaskRoutes.class);
    private static final int MAX_DISK_GB = 2048;

    private final VmQueues vms;
    private final Operations operations;
    private final Metrics metrics;
    private final TokenAuthenticator auth;
    private final Ownership ownership;
    /** Snapshot names look like tokens, as in the reference, and are as unguessable. */
    private final TokenGenerator snapshotNames = new TokenGenerator();

    private final PoolCapabilities capabilities;

    public VmTaskRoutes(VmQueues vms, Operations operations, Metrics metrics, TokenAuthenticator auth, Ownership ownership,
                        PoolCapabilities capabilities) {
        this.vms = vms;
        this.operations = operations;
        this.metrics = metrics;
        this.auth = auth;
        this.ownership = ownership;
        this.capabilities = capabilities;
    }

    @Override
    public void register(RoutesConfig app) {
        app.post(VmRoutes.BASE + "/{hostname}/disk/{size}", this::addDisk);
        app.post(VmRoutes.BASE + "/{hostname}/snapshot", this::takeSnapshot);
        app.post(VmRoutes.BASE + "/{hostname}/snapshot/{snapshot}", this::revert);
    }

    private void addDisk(Context ctx) {
        Optional<AuthenticatedToken> token = auth.requiredWhenAuthConfigured(ctx.header(TokenAuthenticator.HEADER));
        String hostname = ctx.pathParam("hostname");
        InputRules.hostname(hostname);
        String size = ctx.pathParam("size");
        if (!size.matches("[0-9]{1,5}")) {
            throw ApiError.withMessage(400, "Disk size must be a whole number of GB");
        }
        int gb = InputRules.within(Integer.parseInt(size), "Disk size", 1, MAX_DISK_GB);
        String vm = owned(hostname, token, Capability.DISKS);
        operations.queueVmTask(new VmTask(VmTaskKind.DISK, vm, Integer.toString(gb)));
        metrics.increment("http_requests_vm_total.post.vm.disksize");
        LOG.info("{}: a {} GB disk was requested by {}", vm, gb, who(token));
        Map<String, Object> body = ApiResponses.ok();
        body.put(vm, Map.of("disk", "+" + gb + "gb"));
        ApiResponses.json(ctx, 202, body);
    }

    private void takeSnapshot(Context ctx) {
        Optional<AuthenticatedToken> token = auth.requiredWhenAuthConfigured(ctx.header(TokenAuthenticator.HEADER));
        String hostname = ctx.pathParam("hostname");
        InputRules.hostname(hostname);
        String vm = owned(hostname, token, Capability.SNAPSHOTS);
        String name = snapshotNames.next();
        operations.queueVmTask(new VmTask(VmTaskKind.SNAPSHOT, vm, name));
        metrics.increment("http_requests_vm_total.post.vm.snapshot");
        LOG.info("{}: snapshot {} requested by {}", vm, name, who(token));
        Map<String, Object> body = ApiResponses.ok();
        body.put(vm, Map.of("snapshot", name));
        ApiResponses.json(ctx, 202, body);
    }

    private void revert(Context ctx) {
        Optional<AuthenticatedToken> token = auth.requiredWhenAuthConfigured(ctx.header(TokenAuthenticator.HEADER));
        String hostname = ctx.pathParam("hostname");
        InputRules.hostname(hostname);
        String snapshot = ctx.pathParam("snapshot");
        VmRecord vm = vms.vm(InputRules.shorten(hostname)).orElseThrow(() -> ApiError.bare(404));
        ownership.requireOwner(Owned.vm(vm), token);
        requireCapability(vm, Capability.SNAPSHOTS);
        if (!vm.snapshots().contains(snapshot)) {
            throw ApiError.bare(404);
        }
        operations.queueVmTask(new VmTask(VmTaskKind.REVERT, vm.name(), snapshot));
        metrics.increment("http_requests_vm_total.post.vm.snapshot");
        LOG.info("{}: revert to snapshot {} requested by {}", vm.name(), snapshot, who(token));
        ApiResponses.json(ctx, 202, ApiResponses.ok());
    }

    /**
     * The VM's short name once it exists (404), the caller may act on it ({@code enforce_vm_ownership}) and its
     * pool's provider can do what is asked.
     */
    private String owned(String hostname, Optional<AuthenticatedToken> token, Capability needed) {
        VmRecord vm = vms.vm(InputRules.shorten(hostname)).orElseThrow(() -> ApiError.bare(404));
        ownership.requireOwner(Owned.vm(vm), token);
        requireCapability(vm, needed);
        return vm.name();
    }

    /** The manager would drop such a task; the client learns why now, and nothing is queued. */
    private void requireCapability(VmRecord vm, Capability needed) {
        vm.pool().flatMap(pool -> capabilities.missing(pool, needed)).ifPresent(missing -> {
            throw ApiError.withBody(400, Map.of("error", missing.message(), "pool", missing.pool(),
                    "provider_class", missing.providerClass(), "capability", missing.capability().wireName()));
        });
    }

    private static String who(Optional<AuthenticatedToken> token) {
        return token.map(AuthenticatedToken::user).orElse("an anonymous client");
    }
}
