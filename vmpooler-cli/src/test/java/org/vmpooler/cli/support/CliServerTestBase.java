package org.vmpooler.cli.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.api.ApiServer;
import org.vmpooler.cli.Terminal;
import org.vmpooler.cli.VmpoolerCli;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.testing.MutableClock;

/**
 * Runs the real vmpooler API (in-memory store, dummy auth) on a free 127.0.0.1 port, and the client in-process
 * against it with a temporary HOME and captured output.
 */
public abstract class CliServerTestBase {
    protected static final String POOLS = """
            :config:
              check_loop_delay_min: 1
              check_loop_delay_max: 1
              vm_lifetime: 12
              vm_lifetime_auth: 24
              allowed_tags: [project, owner]
            :auth:
              provider: dummy
            :providers:
              :dummy:
                provider_class: dummy
                createvm_max_time: 1
            :dns_configs:
              :example:
                dns_class: dynamic-dns
                domain: example.com
            :pools:
              - name: debian-12-x86_64
                alias: [debian]
                template: templates/debian-12
                size: 5
                provider: dummy
                dns_plugin: example
              - name: centos-9-x86_64
                template: templates/centos-9
                size: 0
                provider: dummy
                dns_plugin: example
              - name: win-2022-x86_64
                template: templates/win-2022
                size: 1
                provider: dummy
                dns_plugin: example
            """;
    protected static final String TOKEN = "ar4wgu830bl3jdzw83wgq8ipvxqyuxox";
    protected static final String USER = "alice";

    @TempDir
    protected Path home;

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T21:20:34Z"), ZoneOffset.UTC);
    protected InMemoryStore store;
    protected VmpoolerConfig config;
    private ApiServer server;
    private PoolManager manager;

    /** Starts the server on the pools of {@code POOLS}. */
    protected void startServer() {
        VmpoolerConfig loaded = new ConfigLoader(clock).load(Map.of("VMPOOLER_CONFIG", POOLS, "VMPOOLER_DEBUG", "true"), home);
        config = new VmpoolerConfig(loaded.global(), loaded.pools(), loaded.providers(), loaded.dnsConfigs(),
                loaded.redis(), loaded.auth(), loaded.metrics(), loaded.graphs(), loaded.tracing(),
                loaded.tagFilters(), loaded.rateLimits(), new ServerConfig("127.0.0.1", 0), loaded.document(),
                loaded.source(), loaded.loadedAt());
        store = new InMemoryStore(clock);
        server = new ApiServer(config, store, Metrics.none(), clock).start();
        store.createToken(TOKEN, USER, clock.instant());
    }

    /**
     * Runs the real pool manager (dummy provider) on the server's store, for on-demand requests. Its sleeps
     * really sleep and move the test clock on by as much, so its loops and the API see the same time.
     */
    protected void startManager() {
        ProviderRegistry providers = ProviderRegistry.load(config, Metrics.none(), clock);
        manager = PoolManager.builder(config, store).clock(clock).metrics(Metrics.none()).providers(providers::forPool)
                .resolver(fqdn -> false).sleeper(pause -> {
                    Thread.sleep(pause);
                    clock.advance(pause);
                }).build();
        manager.start();
    }

    @AfterEach
    void stopServer() {
        if (manager != null) {
            manager.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    protected String apiUrl() {
        return "http://127.0.0.1:" + server.port() + "/api/v3";
    }

    /** A VM that went through the manager's pending and ready steps. */
    protected void ready(String pool, String vm) {
        store.reservePendingVm(NewVm.forPool(vm, pool, "example.com", clock.instant()));
        store.markReady(pool, List.of(new BootedVm(vm, Duration.ofSeconds(30))),
                clock.instant(), RubyTime.day(clock.instant(), clock.getZone()));
    }

    /** Writes ~/.vmfloaty.yml in the test's HOME. */
    protected void floatyConfig(String yaml) {
        try {
            Files.writeString(home.resolve(".vmfloaty.yml"), yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usual simple-form config: this server, alice, her token. */
    protected void simpleConfig() {
        floatyConfig("user: '" + USER + "'\nurl: '" + apiUrl() + "'\ntoken: '" + TOKEN + "'\n");
    }

    protected CliRun run(String... args) {
        return run(Map.of(), args);
    }

    protected CliRun run(Map<String, String> env, String... args) {
        return run(env, InputStream.nullInputStream(), false, args);
    }

    protected CliRun run(Map<String, String> env, InputStream in, boolean interactive, String... args) {
        Map<String, String> fullEnv = new HashMap<>(Map.of("HOME", home.toString(), "PATH", ""));
        fullEnv.putAll(env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VmpoolerCli.run(args, new Terminal(fullEnv, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), interactive));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
