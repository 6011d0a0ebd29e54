package org.vmpooler.manager.clone;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.manager.exec.GroupCommit;
import org.vmpooler.manager.ondemand.OndemandRetries;
import org.vmpooler.manager.reliability.DeadLetterQueue;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.VmLabels;

/**
 * Clones one VM: reserves a fresh name in pending, has the provider create it, records its IP and DNS record.
 * Whatever happens, the clone slot is given back ({@code release}); on failure the VM moves from pending to
 * completed with its error recorded, so whatever the provider made of it is destroyed, and an on-demand request
 * gets a retry or is failed. A VM that appears only after its create was given up is found by its labels.
 */
public final class Cloner {

    private static final Logger LOG = LoggerFactory.getLogger(Cloner.class);

    private final ManagerContext ctx;
    private final HostnameGenerator hostnames;
    private final OndemandRetries retries;
    private final Function<String, PoolConfig> effectivePools;
    private final CloneBackoff backoff;
    /** Clones ending together are recorded in one store write. */
    private final GroupCommit<ClonedVm> successes;

    /** {@code effectivePools} gives a pool's configuration in force (overrides applied) at clone time. */
    public Cloner(ManagerContext ctx, HostnameGenerator hostnames, OndemandRetries retries,
                  Function<String, PoolConfig> effectivePools, CloneBackoff backoff) {
        this.ctx = ctx;
        this.successes = new GroupCommit<>(vms -> ctx.lifecycle().recordCloneSuccess(vms, ctx.today()));
        this.hostnames = hostnames;
        this.retries = retries;
        this.effectivePools = effectivePools;
        this.backoff = backoff;
    }

    /** Runs on a provider-call thread; {@code release} returns the clone slot taken for this order. */
    public void clone(CloneOrder order, Provider provider, Runnable release) {
        String vm = null;
        try {
            vm = reserveName(order, provider);
            order.named().run();
            create(order, provider, vm);
        } catch (RuntimeException e) {
            failed(order, vm, e);
        } finally {
            if (vm != null) {
                ctx.guard().exit(vm);
            }
            release.run();
        }
    }

    /** The name is reserved in the store and held in the VM guard, so no check touches the VM mid-clone. */
    private String reserveName(CloneOrder order, Provider provider) {
        String domain = ctx.domain(order.pool());
        boolean skipDns = Optional.ofNullable(ctx.config().providers().get(provider.name()))
                .map(ProviderConfig::skipDnsCheckBeforeCreatingVm).orElse(false);
        Instant now = ctx.now();
        return hostnames.reserve(new HostnameGenerator.Checks(order.pool(),
                ctx.namePrefix(order.pool()), domain, !skipDns, ctx.vms()::vmExists,
                name -> reserve(new NewVm(name, order.pool(), domain, now, order.requestId(), order.alias()))));
    }

    private boolean reserve(NewVm vm) {
        if (!ctx.guard().tryEnter(vm.name())) {
            return false;
        }
        if (ctx.fenced().reservePendingVm(vm)) {
            return true;
        }
        ctx.guard().exit(vm.name());
        return false;
    }

    private void create(CloneOrder order, Provider provider, String vm) {
        LOG.info("[*] [{}] '{}' is being cloned {}", order.pool(), vm, order.describe());
        Instant start = ctx.now();
        provider.createVm(CreateRequest.of(effectivePools.apply(order.pool()), vm,
                ctx.config().global().provisioning().cloneTarget(), labels(order, vm)));
        Duration took = Duration.between(start, ctx.now());
        ctx.metrics().gauge("vmpooler_clone." + order.pool(), took.toMillis() / 1000.0);
        ctx.metrics().timing("clone." + order.pool(), took.toMillis() / 1000.0);
        String ip = provider.vmIpAddress(order.pool(), vm)
                .orElseThrow(() -> new ProviderException("failed to obtain an IP address for " + vm));
        successes.write(new ClonedVm(order.pool(), vm, took, ip));
        ctx.dns().create(order.pool(), vm, ip);
        backoff.succeeded(order.pool());
        LOG.info("[+] [{}] '{}' cloned in {}s (ip {})", order.pool(), vm,
                RubyTime.seconds(took), ip);
    }

    /** The owning user is known at creation only for on-demand requests made with a token. */
    private VmLabels labels(CloneOrder order, String vm) {
        return VmLabels.of(ctx.instance().value(), order.pool(), vm, Optional.ofNullable(order.requestId()),
                order.user());
    }

    private void failed(CloneOrder order, String vm, RuntimeException e) {
        String name = vm == null ? "(no name)" : "'" + vm + "'";
        LOG.error("[!] [{}] {} clone {} failed: {}", order.pool(), name, order.describe(), e.toString());
        String message = String.valueOf(e.getMessage());
        if (vm != null) {
            // The provider may have made part or all of the VM (a create given up at its deadline, an IP that never
            // came): the destroyer removes whatever exists, instead of leaving it for the leak check's grace period.
            ctx.fenced().move(order.pool(), vm, VmState.PENDING, VmState.COMPLETED);
            ctx.lifecycle().recordCloneFailure(order.pool(), vm, message, e.getClass().getName(), ctx.dataTtl());
        }
        backoff.failed(order.pool(), e);
        ctx.deadLetters().add(new DeadLetterQueue.Letter("clone", vm == null ? "" : vm, order.pool(),
                e.getClass().getSimpleName(), message, 0, order.requestId(), order.alias()));
        if (order.ondemand()) {
            retries.vmFailed(order.requestId(), order.alias(), order.pool(), name, message, retries.permanent(e));
        }
    }
}
