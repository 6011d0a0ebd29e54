package org.vmpooler.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.api.ApiServer;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.ScriptedProvider;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.observability.support.Configs;
import org.vmpooler.observability.support.Http;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.Provider;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

class TracingTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Tracing tracing = Tracing.withProcessor(SimpleSpanProcessor.create(spans), "vmpooler-test");
    private final Instrumented instrumented = new Instrumented(tracing.tracer());

    @TempDir
    Path dir;

    @AfterEach
    void closeTracing() {
        tracing.close();
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void anApiRequestIsAServerSpanWhoseStoreCallsAreItsChildren() {
        VmpoolerConfig config = Configs.load(dir, "");
        Store store = instrumented.store(new InMemoryStore(Clock.systemUTC()), Metrics.none());
        try (ApiServer server = new ApiServer(config, store, Metrics.none(), Clock.systemUTC())
                .withRoutes(new HttpRequestTracing(tracing.openTelemetry())).start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/api/v3/vm/abcdefghijklmno").statusCode()).isEqualTo(404);
        }

        SpanData request = only(s -> s.getKind() == SpanKind.SERVER);
        assertThat(request.getName()).isEqualTo("GET /api/v3/vm");
        assertThat(request.getAttributes().asMap().toString()).contains("http.response.status_code=404")
                .contains("url.path=/api/v3/vm/abcdefghijklmno");
        // Background work (the dashboard's history sampler) makes store calls of its own, in traces of its own.
        List<SpanData> storeCalls = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("store.") && s.getTraceId().equals(request.getTraceId())).toList();
        assertThat(storeCalls).isNotEmpty().allSatisfy(call -> {
            assertThat(call.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        });
        assertThat(storeCalls).anySatisfy(call -> assertThat(call.getAttributes().get(TracedCalls.VM))
                .isEqualTo("abcdefghijklmno"));
    }

    @Test
    void aTokenInThePathIsMaskedInTheSpan() {
        VmpoolerConfig config = Configs.load(dir, "");
        try (ApiServer server = new ApiServer(config, new InMemoryStore(Clock.systemUTC()), Metrics.none(),
                Clock.systemUTC()).withRoutes(new HttpRequestTracing(tracing.openTelemetry())).start()) {
            new Http(server.port()).get("/api/v3/token/k7secrettoken0000000000000000000");
        }

        SpanData request = only(s -> s.getKind() == SpanKind.SERVER);
        assertThat(request.getName() + request.getAttributes().asMap()).doesNotContain("k7secrettoken")
                .contains("url.path=/api/v3/token/<redacted>");
    }

    @Test
    void aCallerTraceIsContinuedAndServerErrorsAreMarked() {
        VmpoolerConfig config = Configs.load(dir, "");
        try (ApiServer server = new ApiServer(config, new InMemoryStore(Clock.systemUTC()), Metrics.none(),
                Clock.systemUTC()).withRoutes(new HttpRequestTracing(tracing.openTelemetry()))
                .withRoutes(app -> app.get("/boom", ctx -> {
                    throw new IllegalStateException("a bug in a route");
                })).start()) {
            new Http(server.port()).get("/boom", "traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        }

        SpanData request = only(s -> s.getKind() == SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(request.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aFailingPortCallIsAnErrorSpanAndTheCallerGetsTheOriginalException() {
        MutableClock clock = ManagerHarness.clockAt("2026-03-19T12:00:00Z");
        ScriptedProvider scripted = new ScriptedProvider("scripted", clock);
        Provider traced = instrumented.provider(scripted);

        assertThat(traced.name()).isEqualTo("scripted");
        scripted.createFailure = new IllegalStateException("no capacity left");
        assertThatThrownBy(() -> traced.createVm(PluginConfigs.request("debian", "no-such-vm"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("no capacity left");

        SpanData call = only(s -> s.getName().equals("provider.scripted.createVm"));
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getAttributes().get(TracedCalls.POOL)).isEqualTo("debian");
        assertThat(call.getAttributes().get(TracedCalls.VM)).isEqualTo("no-such-vm");
        assertThat(call.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
        assertThat(instrumented.provider(scripted)).isSameAs(traced);
    }

    @Test
    void aProvidersCapabilitiesAreTracedLikeTheProvider() {
        ScriptedProvider scripted = new ScriptedProvider("scripted", ManagerHarness.clockAt("2026-03-19T12:00:00Z"));
        Provider traced = instrumented.provider(scripted);

        Snapshots snapshots = traced.capability(Snapshots.class).orElseThrow();
        snapshots.createSnapshot("debian", "vm1", "clean");

        SpanData call = only(s -> s.getName().equals("provider.scripted.createSnapshot"));
        assertThat(call.getAttributes().get(TracedCalls.POOL)).isEqualTo("debian");
        assertThat(call.getAttributes().get(TracedCalls.VM)).isEqualTo("vm1");
    }

    @Test
    void dnsPluginCallsAreSpansNamingTheVm() {
        List<String> records = new java.util.ArrayList<>();
        DnsPlugin plugin = new DnsPlugin() {
            @Override
            public String name() {
                return "example";
            }

            @Override
            public void createOrReplaceRecord(VmAddress vm) {
                records.add(vm.vmName() + "=" + vm.ip());
            }

            @Override
            public void deleteRecord(VmAddress vm) {
                records.remove(vm.vmName() + "=" + vm.ip());
            }
        };

        DnsPlugin traced = instrumented.dns(Optional.of(plugin)).orElseThrow();
        traced.createOrReplaceRecord(VmAddress.of("brave-otter", "example.com", "10.0.0.7"));

        assertThat(records).containsExactly("brave-otter=10.0.0.7");
        SpanData call = only(s -> s.getName().equals("dns.example.createOrReplaceRecord"));
        assertThat(call.getAttributes().get(TracedCalls.VM)).isEqualTo("brave-otter");
        assertThat(instrumented.dns(Optional.empty())).isEmpty();
    }

    @Test
    void aManagerCycleIsASpanAndTheProviderCallsItMakesAreItsChildren() throws Exception {
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(tracing.openTelemetry());
        MutableClock clock = ManagerHarness.clockAt("2026-03-19T12:00:00Z");
        ScriptedProvider scripted = new ScriptedProvider("scripted", clock);
        VmpoolerConfig config = new TestConfig().pool("debian", 1).build();
        Store store = instrumented.store(new InMemoryStore(clock), Metrics.none());
        PoolManager manager = PoolManager.builder(config, store).clock(clock).metrics(Metrics.none())
                .providers(pool -> instrumented.provider(scripted)).dns(pool -> instrumented.dns(Optional.empty()))
                .sleeper(clock::advance).shutdownGrace(Duration.ofSeconds(5)).build();
        try {
            manager.runCycle("debian");
            assertThat(manager.awaitIdle(Duration.ofSeconds(10))).isTrue();
        } finally {
            manager.close();
        }
        assertThat(store.count("debian", VmState.PENDING) + store.count("debian", VmState.READY)).isEqualTo(1);

        SpanData cycle = only(s -> s.getName().equals("pool cycle"));
        assertThat(cycle.getAttributes().get(TracedCalls.POOL)).isEqualTo("debian");
        SpanData inventory = only(s -> s.getName().equals("provider.scripted.vmsInPool"));
        SpanData clone = only(s -> s.getName().equals("provider.scripted.createVm"));
        assertThat(inventory.getParentSpanId()).isEqualTo(cycle.getSpanId());
        assertThat(clone.getTraceId()).isEqualTo(cycle.getTraceId());
    }

    private SpanData only(java.util.function.Predicate<SpanData> which) {
        List<SpanData> matching = spans.getFinishedSpanItems().stream().filter(which).toList();
        assertThat(matching).as("spans among %s", spans.getFinishedSpanItems().stream().map(SpanData::getName).toList())
                .hasSize(1);
        return matching.getFirst();
    }
}
