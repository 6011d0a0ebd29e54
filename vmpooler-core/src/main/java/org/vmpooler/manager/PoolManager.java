package org.vmpooler.manager;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.BlockingCallSettings;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.health.Heartbeat;
import org.vmpooler.health.Heartbeats;
import org.vmpooler.manager.check.Destroyer;
import org.vmpooler.manager.check.DiscoveredCheck;
import org.vmpooler.manager.check.Inventory;
import org.vmpooler.manager.check.MigrationCheck;
import org.vmpooler.manager.check.PendingCheck;
import org.vmpooler.manager.check.ReadyCheck;
import org.vmpooler.manager.check.RunningCheck;
import org.vmpooler.manager.check.StoreLostData;
import org.vmpooler.manager.clone.AdmittedClones;
import org.vmpooler.manager.clone.BoundedNameResolver;
import org.vmpooler.manager.clone.CloneAdmission;
import org.vmpooler.manager.clone.CloneBackoff;
import org.vmpooler.manager.clone.Cloner;
import org.vmpooler.manager.clone.ExcessRemover;
import org.vmpooler.manager.clone.HostnameGenerator;
import org.vmpooler.manager.clone.ManagerCloneSlots;
import org.vmpooler.manager.clone.NameResolver;
import org.vmpooler.manager.clone.Repopulator;
import org.vmpooler.manager.exec.BlockingCalls;
import org.vmpooler.manager.exec.ProviderCalls;
import org.vmpooler.manager.exec.VmGuard;
import org.vmpooler.manager.lease.FencedWrites;
import org.vmpooler.manager.lease.PoolOwnership;
import org.vmpooler.manager.ondemand.ErrorClassifier;
import org.vmpooler.manager.ondemand.OndemandProvisioner;
import org.vmpooler.manager.ondemand.OndemandRetries;
import org.vmpooler.manager.ondemand.RequestCompletion;
import org.vmpooler.manager.pool.Drainer;
import org.vmpooler.manager.pool.PoolOverrides;
import org.vmpooler.manager.pool.PoolState;
import org.vmpooler.manager.pool.TemplatePreparer;
import org.vmpooler.manager.reliability.DeadLetterQueue;
import org.vmpooler.manager.reliability.QueueHealthCheck;
import org.vmpooler.manager.reliability.QueuePurger;
import org.vmpooler.manager.task.VmTaskWorker;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.store.Store;

/**
 * The pool manager: keeps every configured pool filled with ready VMs, retires and destroys VMs at the end of
 * their life, provisions on-demand requests and runs VM tasks. {@link #start()} runs the start-up steps and one
 * loop per pool plus the on-demand and VM-task loops; {@link #close()} stops the loops after their current pass
 * and lets in-flight provider calls finish (or interrupts them after the grace period). Every state change is one
 * atomic store operation, so stopping at any point leaves nothing half-moved.
 *
 * <p>With {@code purge_enabled} and {@code health_check_enabled} it also runs the queue purge and the queue health
 * check at their intervals. Every loop reports to the {@link Heartbeats} given to the builder, by its thread's name.
 *
 * <p>Several managers can share one store: each works only on the pools whose lease it holds ({@link PoolOwnership})
 * and makes the writes that change a pool's population under that lease ({@link FencedWrites}); closing releases
 * the leases so that the others take over at once.
 *
 * <p>The passes are also callable one at a time ({@link #runCycle}, {@link #runOndemand}, {@link #runVmTasks}),
 * which is how tests drive hours of simulated time.
 */
public final class PoolManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);
    /** Extra concurrency per provider for checks, beyond the clone limits. */
    private static final int CHECK_CONCURRENCY = 10;
    public static final String PROVIDER_CONCURRENCY_KEY = "concurrency_limit";
    /** How often the DNS retry loop looks for changes whose retry is due (each has its own delay). */
    private static final Duration DNS_RETRY_CHECK = Duration.ofSeconds(1);

    private final ManagerContext ctx;
    private final Map<String, PoolState> pools;
    private final PoolCycle cycle;
    private final PoolOverrides overrides;
    private final OndemandProvisioner ondemand;
    private final VmTaskWorker vmTasks;
    private final LoopSleep sleep;
    private final Duration shutdownGrace;
    private final Heartbeats heartbeats;
    private final BlockingCalls blockingCalls;
    private final Runnable providerMonitor;
    private final Consumer<StoreLostData> onStoreLost;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Runnable> stoppers = new ArrayList<>();
    private boolean started;

    private PoolManager(Builder b) {
        VmpoolerConfig config = b.config;
        int defaultLimit = config.global().provisioning().taskLimit() + config.global().provisioning().ondemandCloneLimit()
                + CHECK_CONCURRENCY;
        ProviderCalls calls = new ProviderCalls(name -> providerConcurrency(config, name, defaultLimit));
        DeadLetterQueue dlq = new DeadLetterQueue(config.global().dlq(), b.store, b.metrics, b.clock);
        DnsRecords dns = new DnsRecords(b.dns, config, b.store, b.clock, b.metrics);
        PoolOwnership ownership = new PoolOwnership(b.store, b.managerId, config.global().managerLeases(),
                config.poolNames(), b.metrics);
        this.ctx = new ManagerContext(config, b.store, b.metrics, b.clock, b.providers, dns, calls, new VmGuard(), dlq,
                new InstanceIdentity(config.global().providerCalls().instanceId(), b.store), ownership,
                new FencedWrites(b.store, ownership), new ManagerCloneSlots(b.store, ownership.manager()));
        Map<String, PoolState> states = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            states.put(pool.name(), new PoolState(pool));
        }
        this.pools = Collections.unmodifiableMap(states);
        RequestCompletion completion = new RequestCompletion(ctx);
        OndemandRetries retries = new OndemandRetries(ctx, new ErrorClassifier());
        BlockingCallSettings blocking = config.global().provisioning().blockingCalls();
        this.blockingCalls = new BlockingCalls("vmpooler-blocking", blocking.threads());
        HostnameGenerator hostnames = HostnameGenerator.standard(b.random,
                new BoundedNameResolver(b.resolver, blockingCalls, blocking.dnsCheckTimeout()), b.metrics);
        CloneBackoff backoff = new CloneBackoff(ctx, b.random);
        Cloner cloner = new Cloner(ctx, hostnames, retries, pool -> pools.get(pool).effective(), backoff);
        Drainer drainer = new Drainer(b.store);
        this.overrides = new PoolOverrides(ctx, drainer, new TemplatePreparer(ctx));
        this.cycle = new PoolCycle(ctx, new PoolCycle.Steps(new Inventory(ctx), new RunningCheck(ctx), new ReadyCheck(ctx),
                new PendingCheck(ctx, retries, completion), new Destroyer(ctx), new DiscoveredCheck(ctx),
                new MigrationCheck(ctx), overrides,
                new Repopulator(ctx, new CloneAdmission(ctx.cloneSlots(), config.global().provisioning().taskLimit()),
                        new AdmittedClones(), cloner, () -> pools, backoff),
                new ExcessRemover(ctx)));
        this.ondemand = new OndemandProvisioner(ctx, cloner, completion, backoff);
        this.vmTasks = new VmTaskWorker(ctx);
        this.sleep = new LoopSleep(b.clock, b.sleeper);
        this.shutdownGrace = b.shutdownGrace;
        this.providerMonitor = b.providerMonitor;
        this.onStoreLost = b.onStoreLost;
        this.heartbeats = b.heartbeats != null ? b.heartbeats : new Heartbeats(b.clock, Heartbeats.DEFAULT_STALL_LIMIT);
    }

    private static int providerConcurrency(VmpoolerConfig config, String provider, int fallback) {
        ProviderConfig p = config.providers().get(provider);
        return p == null ? fallback : p.settings().integer(PROVIDER_CONCURRENCY_KEY, fallback);
    }

    public static Builder builder(VmpoolerConfig config, Store store) {
        return new Builder(config, store);
    }

    /** Runs the start-up steps and starts every loop. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the pool manager is already started");
        }
        started = true;
        new ManagerStartup(ctx).run();
        ctx.ownership().rebalance();
        launch("pool-leases", beat -> new ServiceLoop("pool leases", () -> {
            ctx.ownership().rebalance();
            return 0;
        }, fixed(ctx.ownership().settings().renewEvery()), () -> false, sleep, beat));
        InterruptedClones interrupted = new InterruptedClones(ctx);
        // The pools' loops wake evenly spread over their wake-up period, so their passes take turns.
        int index = 0;
        for (PoolState pool : pools.values()) {
            double phase = (double) index++ / pools.size();
            launch("pool-" + pool.name(), beat -> new PoolWorker(ctx, pool, cycle, overrides, sleep, phase, beat,
                    interrupted::drop));
        }
        LoopDelay loopDelay = ctx.config().global().provisioning().loopDelay();
        launch("ondemand-provisioner", beat -> new ServiceLoop("on-demand provisioner", ondemand::runOnce, loopDelay,
                this::ondemandWork, sleep, beat));
        launch("vm-tasks", beat -> new ServiceLoop("VM task worker", vmTasks::runOnce, loopDelay, this::vmTasksQueued,
                sleep, beat));
        if (ctx.dns().anyPlugin()) {
            launch("dns-retries", beat -> new ServiceLoop("DNS retries", ctx.dns()::retryDue, fixed(DNS_RETRY_CHECK),
                    () -> false, sleep, beat));
        }
        var purge = ctx.config().global().purge();
        if (purge.enabled()) {
            QueuePurger purger = new QueuePurger(ctx);
            launch("queue-purge", beat -> new ServiceLoop("queue purge", purger::runOnce, fixed(purge.interval()),
                    () -> false, sleep, beat));
        }
        var health = ctx.config().global().healthCheck();
        if (health.enabled()) {
            QueueHealthCheck check = new QueueHealthCheck(ctx);
            launch("queue-health", beat -> new ServiceLoop("queue health check", () -> {
                check.runOnce();
                return 0;
            }, fixed(health.interval()), () -> false, sleep, beat));
        }
        Optional<Duration> monitorEvery = ctx.config().global().providerCalls().connectionPoolMonitor();
        if (providerMonitor != null && monitorEvery.isPresent()) {
            launch("provider-monitor", beat -> new ServiceLoop("provider monitor", () -> {
                providerMonitor.run();
                return 0;
            }, fixed(monitorEvery.get()), () -> false, sleep, beat));
        }
        LOG.info("[*] pool manager started with {} pool(s), as manager {}{}", pools.size(), ctx.ownership().manager(),
                ctx.ownership().leasing() ? ", sharing them with the other managers on the store through leases" : "");
    }

    private static LoopDelay fixed(Duration interval) {
        return new LoopDelay(interval, interval, 2.0);
    }

    /** Starts a loop on a virtual thread; the thread and the loop's heartbeat carry the same name. */
    private void launch(String name, Function<Heartbeat, ManagerLoop> loopWithHeartbeat) {
        ManagerLoop loop = loopWithHeartbeat.apply(heartbeats.register(name));
        threads.add(Thread.ofVirtual().name(name).start(() -> {
            try {
                loop.run();
            } catch (StoreLostData e) {
                onStoreLost.accept(e);
            }
        }));
        stoppers.add(loop::stop);
    }

    private boolean ondemandWork() {
        return !ctx.ondemand().newOndemandRequests().isEmpty() || !ctx.ondemand().ondemandTasks().isEmpty();
    }

    private boolean vmTasksQueued() {
        for (VmTaskKind kind : VmTaskKind.values()) {
            if (ctx.operations().queuedVmTasks(kind) > 0) {
                return true;
            }
        }
        return false;
    }

    /** One pass over a pool (what its loop runs). */
    public PoolCycle.Result runCycle(String pool) throws InterruptedException {
        PoolState state = pools.get(pool);
        if (state == null) {
            throw new IllegalArgumentException("pool '" + pool + "' is not configured");
        }
        return cycle.run(state);
    }

    /** Runs the start-up steps without starting loops (for one-pass use). */
    public void startupOnly() {
        new ManagerStartup(ctx).run();
        ctx.ownership().rebalance();
        pools.values().forEach(overrides::adopt);
    }

    public int runOndemand() {
        return ondemand.runOnce();
    }

    public int runVmTasks() {
        return vmTasks.runOnce();
    }

    /** Retries the DNS changes whose retry is due; returns how many went through. */
    public int runDnsRetries() {
        return ctx.dns().retryDue();
    }

    /** How many DNS changes wait for their server. */
    public int dnsChangesWaiting() {
        return ctx.dns().waiting();
    }

    /** One queue purge run (whether or not {@code purge_enabled}); returns the entries purged. */
    public int runQueuePurge() {
        return new QueuePurger(ctx).runOnce();
    }

    /** One queue health check; returns the status written. */
    public String runHealthCheck() {
        return new QueueHealthCheck(ctx).runOnce();
    }

    /** Waits until no provider call (clone, destroy, check, task) is in flight. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return ctx.calls().awaitIdle(timeout);
    }

    /** The pool's configuration in force (overrides applied). */
    public PoolConfig effectiveConfig(String pool) {
        return pools.get(pool).effective();
    }

    @Override
    public synchronized void close() {
        stoppers.forEach(Runnable::run);
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                if (!thread.join(shutdownGrace)) {
                    LOG.warn("[!] {} did not stop within {}s", thread.getName(), shutdownGrace.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ctx.calls().close(shutdownGrace);
        blockingCalls.close();
        if (started) {
            try {
                ctx.ownership().releaseAll();
            } catch (RuntimeException e) {
                LOG.warn("[!] could not release the pool leases (they expire by themselves): {}", e.toString());
            }
        }
        LOG.info("[*] pool manager stopped");
    }

    /** Collaborators and test seams; only config and store are required. */
    public static final class Builder {
        private final VmpoolerConfig config;
        private final Store store;
        private Metrics metrics = Metrics.none();
        private Clock clock = Clock.systemDefaultZone();
        private ProviderLookup providers;
        private DnsLookup dns = DnsLookup.none();
        private Sleeper sleeper = Sleeper.real();
        private NameResolver resolver = NameResolver.system();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private Heartbeats heartbeats;
        private Runnable providerMonitor;
        private Consumer<StoreLostData> onStoreLost = lost -> LOG.error("[!] {}; this pool's worker stopped",
                lost.getMessage());
        private String managerId = PoolOwnership.processId();

        private Builder(VmpoolerConfig config, Store store) {
            this.config = config;
            this.store = store;
        }

        public Builder metrics(Metrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder providers(ProviderLookup providers) {
            this.providers = providers;
            return this;
        }

        /** Providers and DNS plugins as loaded from the configuration (ServiceLoader plugins). */
        public Builder registries(ProviderRegistry providerRegistry, DnsRegistry dnsRegistry) {
            this.providers = providerRegistry::forPool;
            this.dns = dnsRegistry::forPool;
            return this;
        }

        public Builder dns(DnsLookup dns) {
            this.dns = dns;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Builder resolver(NameResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * One round of reporting the providers' connection pools and breakers, run every
         * {@code connection_pool_monitor_interval} unless the monitor is turned off.
         */
        public Builder providerMonitor(Runnable providerMonitor) {
            this.providerMonitor = providerMonitor;
            return this;
        }

        /** Where the loops report that they turn, for the process's liveness probe. */
        public Builder heartbeats(Heartbeats heartbeats) {
            this.heartbeats = heartbeats;
            return this;
        }

        /**
         * What happens when a pool's worker finds the store lost its data under {@code on_empty_store: stop}: the
         * process stops it (exit status {@link org.vmpooler.config.EmptyStorePolicy#STOP_EXIT_STATUS}); by default
         * only that worker ends. Called once per pool that finds it.
         */
        public Builder onStoreLost(Consumer<StoreLostData> onStoreLost) {
            this.onStoreLost = onStoreLost;
            return this;
        }

        /** The id under which this manager announces itself and holds leases; host name and pid by default. */
        public Builder managerId(String managerId) {
            this.managerId = managerId;
            return this;
        }

        public PoolManager build() {
            if (providers == null) {
                throw new IllegalStateException("the pool manager needs a provider lookup");
            }
            return new PoolManager(this);
        }
    }
}
