package org.vmpooler.manager;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.redis.RedisStore;

/**
 * A manager-only vmpooler process on Redis, started by the crash test as a child JVM so that it can be killed
 * with SIGKILL mid-work. Argument: the configuration file.
 */
public final class ManagerProcess {

    private ManagerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        PoolManager manager = start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(manager::close));
        Thread.currentThread().join();
    }

    /** Loads the configuration, connects to Redis and starts a manager with the configured plugins. */
    static PoolManager start(Path configFile) {
        Clock clock = Clock.systemDefaultZone();
        VmpoolerConfig config = new ConfigLoader(clock).load(Map.of("VMPOOLER_CONFIG_FILE", configFile.toString()),
                configFile.getParent());
        RedisStore store = RedisStore.connect(config.redis().orElseThrow(), clock);
        PoolManager manager = PoolManager.builder(config, store).clock(clock)
                .registries(ProviderRegistry.load(config, Metrics.none(), clock), DnsRegistry.load(config, Metrics.none()))
                .build();
        manager.start();
        return manager;
    }
}
