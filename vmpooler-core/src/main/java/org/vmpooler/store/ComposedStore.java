package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.FencedWrite;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.PoolRuntime;
import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.UntokenedGiveBack;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * A {@link Store} made of one part per aggregate: every operation goes to the part that owns it. Both stores are
 * such a sum ({@link InMemoryStore}, the Redis store), so this delegation is written once and the parts stay free
 * of one another.
 */
public abstract class ComposedStore implements Store {
    private final VmQueues vmQueues;
    private final VmLifecycle vmLifecycle;
    private final CloneSlots cloneSlots;
    private final PoolSettings poolSettings;
    private final Statistics statistics;
    private final Tokens tokens;
    private final OndemandRequests ondemandRequests;
    private final Operations operations;
    private final PoolLeases poolLeases;

    protected ComposedStore(VmQueues vmQueues,
                            VmLifecycle vmLifecycle,
                            CloneSlots cloneSlots,
                            PoolSettings poolSettings,
                            Statistics statistics,
                            Tokens tokens,
                            OndemandRequests ondemandRequests,
                            Operations operations,
                            PoolLeases poolLeases) {
        this.vmQueues = vmQueues;
        this.vmLifecycle = vmLifecycle;
        this.cloneSlots = cloneSlots;
        this.poolSettings = poolSettings;
        this.statistics = statistics;
        this.tokens = tokens;
        this.ondemandRequests = ondemandRequests;
        this.operations = operations;
        this.poolLeases = poolLeases;
    }

    @Override public Set<String> vms(String pool, VmState state) { return vmQueues.vms(pool, state); }
    @Override public long count(String pool, VmState state) { return vmQueues.count(pool, state); }
    @Override public Map<String, PoolCounts> counts(Collection<String> pools) { return vmQueues.counts(pools); }
    @Override public PoolQueues queues(String pool) { return vmQueues.queues(pool); }
    @Override public boolean add(String pool, String vm, VmState state) { return vmQueues.add(pool, vm, state); }
    @Override public boolean remove(String pool, String vm, VmState state) { return vmQueues.remove(pool, vm, state); }
    @Override public boolean move(String pool, String vm, VmState from, VmState to) {
        return vmQueues.move(pool, vm, from, to);
    }
    @Override public List<String> moveAll(String pool, VmState from, VmState to) {
        return vmQueues.moveAll(pool, from, to);
    }
    @Override public List<String> moveSome(String pool, VmState from, VmState to, long max) {
        return vmQueues.moveSome(pool, from, to, max);
    }
    @Override public Optional<VmRecord> vm(String name) { return vmQueues.vm(name); }
    @Override public Map<String, VmRecord> records(List<String> names) { return vmQueues.records(names); }
    @Override public boolean vmExists(String name) { return vmQueues.vmExists(name); }
    @Override public void setVmFields(String vm, Map<String, String> fields) { vmQueues.setVmFields(vm, fields); }
    @Override public void removeVmFields(String vm, Collection<String> fields) { vmQueues.removeVmFields(vm, fields); }
    @Override public void expireVm(String vm, Duration ttl) { vmQueues.expireVm(vm, ttl); }
    @Override public List<String> allVmNames() { return vmQueues.allVmNames(); }
    @Override public boolean reservePendingVm(NewVm vm) { return vmLifecycle.reservePendingVm(vm); }
    @Override public void recordCloneSuccess(List<ClonedVm> vms, LocalDate day) {
        vmLifecycle.recordCloneSuccess(vms, day);
    }
    @Override public void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        vmLifecycle.recordCloneFailure(pool, vm, error, errorClass, ttl);
    }
    @Override public List<String> markReady(String pool, List<BootedVm> vms, Instant now, LocalDate day) {
        return vmLifecycle.markReady(pool, vms, now, day);
    }
    @Override public boolean deliverOndemandVm(OndemandDelivery delivery) {
        return vmLifecycle.deliverOndemandVm(delivery);
    }
    @Override public void markDestroying(String pool, List<String> vms, Instant now, Duration ttl) {
        vmLifecycle.markDestroying(pool, vms, now, ttl);
    }
    @Override public void finishDestroy(String pool, List<String> vms) { vmLifecycle.finishDestroy(pool, vms); }
    @Override public void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        vmLifecycle.forgetVm(pool, vm, state, ttl);
    }
    @Override public CheckoutResult checkout(CheckoutRequest request) { return vmLifecycle.checkout(request); }
    @Override public DestroyRequestOutcome requestDestroy(String vm) { return vmLifecycle.requestDestroy(vm); }
    @Override public UntokenedGiveBack giveBackUntokened(String vm) { return vmLifecycle.giveBackUntokened(vm); }
    @Override public void setLifetime(String vm, int hours) { vmLifecycle.setLifetime(vm, hours); }
    @Override public void setTags(String vm, Map<String, String> tags, LocalDate day) {
        vmLifecycle.setTags(vm, tags, day);
    }
    @Override public int tryAcquireCloneSlots(CloneKind kind, int wanted, int limit, String holder) {
        return cloneSlots.tryAcquireCloneSlots(kind, wanted, limit, holder);
    }
    @Override public void releaseCloneSlots(CloneKind kind, int count, String holder) {
        cloneSlots.releaseCloneSlots(kind, count, holder);
    }
    @Override public long cloneSlotsInUse(CloneKind kind) { return cloneSlots.cloneSlotsInUse(kind); }
    @Override public long returnCloneSlotsOfAllBut(Collection<String> live) {
        return cloneSlots.returnCloneSlotsOfAllBut(live);
    }
    @Override public void resetCloneSlots() { cloneSlots.resetCloneSlots(); }
    @Override public void publishPools(Map<String, Map<String, String>> pools) {
        poolSettings.publishPools(pools);
    }
    @Override public Set<String> publishedPools() { return poolSettings.publishedPools(); }
    @Override public Map<String, String> publishedPool(String pool) { return poolSettings.publishedPool(pool); }
    @Override public Map<String, String> overrides(PoolOverride kind) { return poolSettings.overrides(kind); }
    @Override public Optional<String> override(PoolOverride kind, String pool) {
        return poolSettings.override(kind, pool);
    }
    @Override public void setOverride(PoolOverride kind, String pool, String value) {
        poolSettings.setOverride(kind, pool, value);
    }
    @Override public boolean clearOverride(PoolOverride kind, String pool) {
        return poolSettings.clearOverride(kind, pool);
    }
    @Override public void raiseFlag(PoolFlag flag, String pool) { poolSettings.raiseFlag(flag, pool); }
    @Override public boolean takeFlag(PoolFlag flag, String pool) { return poolSettings.takeFlag(flag, pool); }
    @Override public PoolRuntime poolRuntime(String pool) { return poolSettings.poolRuntime(pool); }
    @Override public Map<String, String> preparedTemplates() { return poolSettings.preparedTemplates(); }
    @Override public void setPreparedTemplate(String pool, String template) {
        poolSettings.setPreparedTemplate(pool, template);
    }
    @Override public boolean hasTemplateDeltas(String template) { return poolSettings.hasTemplateDeltas(template); }
    @Override public void addTemplateDeltas(String template) { poolSettings.addTemplateDeltas(template); }
    @Override public String instanceIdentity(String candidate) { return poolSettings.instanceIdentity(candidate); }
    @Override public boolean markPoolEmpty(String pool, boolean empty) {
        return poolSettings.markPoolEmpty(pool, empty);
    }
    @Override public void recordCloneTrouble(CloneTrouble trouble) { poolSettings.recordCloneTrouble(trouble); }
    @Override public boolean clearCloneTrouble(String pool) { return poolSettings.clearCloneTrouble(pool); }
    @Override public Map<String, CloneTrouble> cloneTroubles() { return poolSettings.cloneTroubles(); }
    @Override public Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return statistics.dailyStats(stat, day);
    }
    @Override public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        return statistics.statusSnapshot(pools, day);
    }
    @Override public void createToken(String token, String user, Instant created) {
        tokens.createToken(token, user, created);
    }
    @Override public Optional<TokenRecord> token(String token) { return tokens.token(token); }
    @Override public Optional<TokenRecord> useToken(String token, Instant now) { return tokens.useToken(token, now); }
    @Override public boolean deleteToken(String token) { return tokens.deleteToken(token); }
    @Override public List<TokenRecord> tokensOf(String user) { return tokens.tokensOf(user); }
    @Override public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        return tokens.runningVmsOfToken(token, pools);
    }
    @Override public boolean createOndemandRequest(String id, List<RequestedLine> requested, String token,
                                                   String tokenUser, Instant now) {
        return ondemandRequests.createOndemandRequest(id, requested, token, tokenUser, now);
    }
    @Override public Optional<OndemandRequest> ondemandRequest(String id) {
        return ondemandRequests.ondemandRequest(id);
    }
    @Override public List<ScoredRequest> newOndemandRequests() { return ondemandRequests.newOndemandRequests(); }
    @Override public void discardNewOndemandRequest(String id) { ondemandRequests.discardNewOndemandRequest(id); }
    @Override public void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        ondemandRequests.beginOndemandProcessing(request, lines, now);
    }
    @Override public List<OndemandTask> ondemandTasks() { return ondemandRequests.ondemandTasks(); }
    @Override public boolean takeOndemandTask(OndemandTask task, int granted) {
        return ondemandRequests.takeOndemandTask(task, granted);
    }
    @Override public void queueOndemandRetry(String requestId, String alias, String pool) {
        ondemandRequests.queueOndemandRetry(requestId, alias, pool);
    }
    @Override public List<ScoredRequest> processingOndemandRequests() {
        return ondemandRequests.processingOndemandRequests();
    }
    @Override public long incrementOndemandRetries(String requestId) {
        return ondemandRequests.incrementOndemandRetries(requestId);
    }
    @Override public Set<String> deliveredVms(String requestId, String alias, String pool) {
        return ondemandRequests.deliveredVms(requestId, alias, pool);
    }
    @Override public void completeOndemandRequest(String requestId) {
        ondemandRequests.completeOndemandRequest(requestId);
    }
    @Override public void failOndemandRequest(String requestId, String reason, Duration ttl) {
        ondemandRequests.failOndemandRequest(requestId, reason, ttl);
    }
    @Override public OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        return ondemandRequests.deleteOndemandRequest(requestId);
    }
    @Override public void queueVmTask(VmTask task) { operations.queueVmTask(task); }
    @Override public Optional<VmTask> claimVmTask(VmTaskKind kind) { return operations.claimVmTask(kind); }
    @Override public long queuedVmTasks(VmTaskKind kind) { return operations.queuedVmTasks(kind); }
    @Override public void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        operations.addDeadLetter(queue, entry, epochSeconds, maxEntries, ttl);
    }
    @Override public long deadLetterCount(String queue) { return operations.deadLetterCount(queue); }
    @Override public void writeHealth(Map<String, String> fields, Duration ttl) { operations.writeHealth(fields, ttl); }
    @Override public Map<String, String> health() { return operations.health(); }
    @Override public void clearMigrations() { operations.clearMigrations(); }
    @Override public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        return operations.hitRateLimit(endpointClass, client, period);
    }
    @Override public void announceManager(String manager, Duration ttl) { poolLeases.announceManager(manager, ttl); }
    @Override public void retireManager(String manager) { poolLeases.retireManager(manager); }
    @Override public List<String> liveManagers() { return poolLeases.liveManagers(); }
    @Override public Optional<PoolLease> acquireLease(String pool, String manager, Duration ttl) {
        return poolLeases.acquireLease(pool, manager, ttl);
    }
    @Override public Set<PoolLease> renewLeases(Collection<PoolLease> leases, Duration ttl) {
        return poolLeases.renewLeases(leases, ttl);
    }
    @Override public void releaseLease(PoolLease lease) { poolLeases.releaseLease(lease); }
    @Override public Map<String, String> leaseHolders(Collection<String> pools) {
        return poolLeases.leaseHolders(pools);
    }
    @Override public FencedWrite reservePendingVm(PoolLease lease, NewVm vm) {
        return poolLeases.reservePendingVm(lease, vm);
    }
    @Override public FencedWrite move(PoolLease lease, String vm, VmState from, VmState to) {
        return poolLeases.move(lease, vm, from, to);
    }
    @Override public FencedWrite markDestroying(PoolLease lease, List<String> vms, Instant now, Duration ttl) {
        return poolLeases.markDestroying(lease, vms, now, ttl);
    }
}
