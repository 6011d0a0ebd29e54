package org.vmpooler.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.ApiServer;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.store.Store;

/**
 * One running vmpooler process: the store, and the API and/or the pool manager on it. Stopping it stops the API
 * first (requests in flight finish), then the manager (workers stop, provider calls in flight finish), then
 * closes the store — so nothing is left half-moved.
 */
final class VmpoolerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VmpoolerService.class);

    private final Store store;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private ApiServer api;

    private VmpoolerService(Store store) {
        this.store = store;
    }

    static VmpoolerService start(VmpoolerConfig config, Set<Role> roles, Clock clock) {
        Metrics metrics = Metrics.none();
        VmpoolerService service = new VmpoolerService(StoreFactory.open(config, clock));
        try {
            if (roles.contains(Role.MANAGER)) {
                ProviderRegistry providers = ProviderRegistry.load(config, metrics, clock);
                DnsRegistry dns = DnsRegistry.load(config, metrics);
                PoolManager manager = PoolManager.builder(config, service.store).metrics(metrics).clock(clock)
                        .providers(providers::forPool).dns(dns::forPool).build();
                manager.start();
                service.parts.addFirst(manager);
            }
            if (roles.contains(Role.API)) {
                service.api = new ApiServer(config, service.store, metrics, clock).start();
                service.parts.addFirst(service.api);
            }
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("vmpooler started: {}", roles);
        return service;
    }

    /** The API's port, when this process serves the API. */
    int apiPort() {
        return api == null ? -1 : api.port();
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        parts.clear();
        store.close();
        LOG.info("vmpooler stopped");
    }
}
