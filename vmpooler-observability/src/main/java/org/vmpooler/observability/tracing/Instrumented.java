package org.vmpooler.observability.tracing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.Tracer;

import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.Provider;
import org.vmpooler.store.Store;

/** The traced (and, for the store, timed) views of the ports the manager and the API call out through. */
public final class Instrumented {
    private final Tracer tracer;
    private final Map<Object, Object> wrapped = new ConcurrentHashMap<>();

    public Instrumented(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Every store operation becomes a span and a {@code store_call.<operation>} timing in milliseconds; failures
     * also count {@code store_call_failed.<operation>}.
     */
    public Store store(Store store, Metrics metrics) {
        Map<String, String> timings = new ConcurrentHashMap<>();
        return TracedCalls.wrap(Store.class, store, "store", tracer, Set.of("close"), (method, nanos, failed) -> {
            metrics.timing(timings.computeIfAbsent(method, m -> "store_call." + m), nanos / 1e6);
            if (failed) {
                metrics.increment("store_call_failed." + method);
            }
        });
    }

    /** Provider calls as spans; their latency is already measured by the provider registry's guard. */
    public Provider provider(Provider provider) {
        return (Provider) wrapped.computeIfAbsent(provider, p -> TracedCalls.wrap(Provider.class, provider,
                "provider." + provider.name(), tracer, Set.of("name"), TracedCalls.CallObserver.NONE));
    }

    public Optional<DnsPlugin> dns(Optional<DnsPlugin> plugin) {
        return plugin.map(dns -> (DnsPlugin) wrapped.computeIfAbsent(dns, d -> TracedCalls.wrap(DnsPlugin.class, dns,
                "dns." + dns.name(), tracer, Set.of("name"), TracedCalls.CallObserver.NONE)));
    }
}
