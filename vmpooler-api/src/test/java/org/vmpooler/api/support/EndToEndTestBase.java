package org.vmpooler.api.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.manager.clone.NameResolver;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderRegistry;

/**
 * The API server and a real pool manager on one store, the manager with the dummy provider (found by
 * ServiceLoader, as in production) and fast loops. The manager's sleeps really sleep and move the test clock on
 * by as much, so its loop delays run out while the API sees the same time.
 */
public abstract class EndToEndTestBase extends ApiTestBase {
    /** Short loops so the manager reacts within a fraction of a second. */
    protected static final LoopDelay FAST = new LoopDelay(Duration.ofMillis(50), Duration.ofMillis(200), 2.0);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private PoolManager manager;

    /** Starts the manager on the server's configuration and store (after {@link #start}). */
    protected void startManager() {
        startManager(fqdn -> false);
    }

    /** As {@link #startManager()}, with the resolver of the stale-DNS check of new VM names. */
    protected void startManager(NameResolver resolver) {
        ProviderRegistry providers = ProviderRegistry.load(config, Metrics.none(), clock);
        manager = PoolManager.builder(config, store).clock(clock).metrics(Metrics.none())
                .providers(providers::forPool)
                .resolver(resolver)
                .sleeper(d -> {
                    Thread.sleep(d);
                    clock.advance(d);
                })
                .shutdownGrace(Duration.ofSeconds(5)).build();
        manager.start();
    }

    /** Runs before the server and the store are closed (JUnit runs a subclass's {@code @AfterEach} first). */
    @AfterEach
    void stopManager() {
        if (manager != null) {
            manager.close();
        }
    }

    /** Polls until {@code value} satisfies {@code condition} and returns that value. */
    protected <T> T eventually(Callable<T> value, Predicate<? super T> condition) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(value, condition::test);
    }
}
