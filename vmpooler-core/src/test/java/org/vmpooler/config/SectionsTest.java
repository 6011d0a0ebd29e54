package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionsTest {
    @TempDir
    Path dir;

    private VmpoolerConfig load(String yaml) {
        return new LoaderFixture(dir).loadWith(yaml);
    }

    private void assertRejected(String yaml, String... messageParts) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
                .message().contains(messageParts).contains(dir.resolve("vmpooler.yaml").toString());
    }

    @Test
    void redisSectionWithEveryKey() {
        RedisConfig redis = load("""
                :redis:
                  server: redis.example.com
                  port: 6390
                  username: pooler
                  password: pw
                  database: 3
                  data_ttl: 48
                  connection_pool_size: 20
                  connection_pool_timeout: 15
                  reconnect_attempts: [1, 2.5]
                  sentinel:
                    master_name: mymaster
                    sentinels: [s1:26379, 's2:26379']
                """).redis().orElseThrow();

        assertThat(redis).isEqualTo(new RedisConfig("redis.example.com", 6390, Optional.of("pooler"),
                Optional.of("pw"), 3, Optional.of(new RedisConfig.Sentinel("mymaster", List.of("s1:26379",
                "s2:26379"))), Duration.ofHours(48), 20, Duration.ofSeconds(15),
                List.of(Duration.ofSeconds(1), Duration.ofMillis(2500)),
                new RedisConfig.ReplicaAcknowledgement(1, Duration.ofSeconds(1))));
    }

    @Test
    void onEmptyStoreAdoptsUnlessToldToHoldOrStop() {
        assertThat(load(":config: {}\n").global().onEmptyStore()).isEqualTo(EmptyStorePolicy.ADOPT);
        assertThat(load(":config:\n  on_empty_store: hold\n").global().onEmptyStore())
                .isEqualTo(EmptyStorePolicy.HOLD);
        assertThat(load(":config:\n  on_empty_store: stop\n").global().onEmptyStore())
                .isEqualTo(EmptyStorePolicy.STOP);
        assertRejected(":config:\n  on_empty_store: destroy\n", ":config: > on_empty_store", "'destroy'",
                "adopt, hold or stop");
    }

    @Test
    void behindSentinelAChangeWaitsForOneReplicaUnlessToldOtherwise() {
        String sentinel = ":redis:\n  sentinel:\n    master_name: m\n    sentinels: ['h:1']\n";
        assertThat(load(":redis: {}\n").redis().orElseThrow().replicaAcknowledgement().wanted()).isFalse();
        assertThat(load(sentinel + "  wait_for_replicas: 0\n").redis().orElseThrow().replicaAcknowledgement()
                .wanted()).isFalse();
        assertThat(load(sentinel + "  wait_for_replicas: 2\n  wait_for_replicas_timeout: 3\n").redis()
                .orElseThrow().replicaAcknowledgement())
                .isEqualTo(new RedisConfig.ReplicaAcknowledgement(2, Duration.ofSeconds(3)));
        assertRejected(sentinel + "  wait_for_replicas: -1\n", ":redis: > wait_for_replicas", "'-1'");
        assertRejected(sentinel + "  wait_for_replicas_timeout: 0\n", ":redis: > wait_for_replicas_timeout");
    }

    @Test
    void anEmptyRedisSectionMeansLocalRedisWithDefaults() {
        RedisConfig redis = load(":redis: {}\n").redis().orElseThrow();

        assertThat(redis.server()).isEqualTo("localhost");
        assertThat(redis.port()).isEqualTo(6379);
        assertThat(redis.database()).isZero();
        assertThat(redis.dataTtl()).isEqualTo(Duration.ofHours(168));
        assertThat(redis.connectionPoolSize()).isEqualTo(10);
        assertThat(redis.connectionPoolTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(redis.reconnectDelays()).hasSize(10).startsWith(Duration.ofMillis(250))
                .endsWith(Duration.ofSeconds(30));
        assertThat(redis.sentinel()).isEmpty();
        assertThat(redis.username()).isEmpty();
    }

    @Test
    void badRedisValuesAreNamed() {
        assertRejected(":redis:\n  port: 70000\n", ":redis: > port", "'70000'");
        assertRejected(":redis:\n  reconnect_attempts: [1, soon]\n", ":redis: > reconnect_attempts", "'soon'");
        assertRejected(":redis:\n  sentinel:\n    master_name: m\n    sentinels: [nohost]\n",
                ":redis: > sentinel > sentinels", "'nohost'");
        assertRejected(":redis:\n  sentinel:\n    sentinels: ['h:1']\n", ":redis: > sentinel > master_name");
    }

    @Test
    void metricsSinkIsStatsdThenGraphiteThenPrometheus() {
        String prometheus = """
                :prometheus:
                  prefix: staging
                  prometheus_prefix: pooler
                  prometheus_endpoint: /metrics
                """;
        String graphite = ":graphite:\n  server: graphite.example.com\n";
        String statsd = ":statsd:\n  server: statsd.example.com\n  port: 9125\n";

        assertThat(load(prometheus).metrics()).isEqualTo(new MetricsConfig.Prometheus("staging", "pooler",
                "/metrics"));
        assertThat(load(prometheus + graphite).metrics()).isEqualTo(new MetricsConfig.Graphite(
                "graphite.example.com", 2003, "vmpooler"));
        assertThat(load(prometheus + graphite + statsd).metrics()).isEqualTo(new MetricsConfig.Statsd(
                "statsd.example.com", 9125, "vmpooler"));
        assertThat(load(":prometheus: {}\n").metrics()).isEqualTo(new MetricsConfig.Prometheus("vmpooler",
                "vmpooler", "/prometheus"));
        assertRejected(":statsd:\n  port: 1\n", "missing required key :statsd: > server");
    }

    @Test
    void graphsComeFromGraphsElseGraphite() {
        assertThat(load(":graphs:\n  server: web.example.com\n  prefix: p\n").graphs())
                .contains(new GraphsConfig("web.example.com", "p"));
        assertThat(load(":graphite:\n  server: g.example.com\n").graphs())
                .contains(new GraphsConfig("g.example.com", "vmpooler"));
        assertThat(load("").graphs()).isEmpty();
    }

    @Test
    void tracingHonoursYamlBooleansAndAcceptsAnOtlpEndpoint() {
        assertThat(load(":tracing:\n  enabled: false\n  jaeger_host: http://j:14268/api/traces\n").tracing())
                .as("a YAML false disables tracing (the reference enables it)").isEqualTo(TracingConfig.DISABLED);
        assertThat(load(":tracing:\n  enabled: 'true'\n  jaeger_host: https://j.example.com:14268/api/traces\n")
                .tracing()).isEqualTo(new TracingConfig(true, Optional.of("https://j.example.com:4318/v1/traces")));
        assertThat(load(":tracing:\n  enabled: true\n  otlp_endpoint: http://collector:4318/v1/traces\n")
                .tracing()).isEqualTo(new TracingConfig(true, Optional.of("http://collector:4318/v1/traces")));
        assertRejected(":tracing:\n  enabled: true\n  jaeger_host: not a url\n", ":tracing: > jaeger_host");
    }

    @Test
    void tagFiltersAreCompiled() {
        VmpoolerConfig config = load(":tagfilter:\n  project: '^([^/]+)'\n");

        assertThat(config.tagFilters()).containsOnlyKeys("project");
        assertThat(config.tagFilters().get("project").matcher("puppet/agent").lookingAt()).isTrue();
        assertRejected(":tagfilter:\n  url: '(unclosed'\n", ":tagfilter: > url", "'(unclosed'",
                "valid regular expression");
    }

    @Test
    void rateLimitsAcceptSymbolAndStringKeys() {
        RateLimits limits = load("""
                :rate_limits:
                  :global_per_ip:
                    :limit: 10
                    :period: 30
                  vm_creation:
                    limit: 5
                """).rateLimits();

        assertThat(limits).isEqualTo(new RateLimits(new RateLimits.Limit(10, Duration.ofSeconds(30)),
                RateLimits.DEFAULT.authenticated(), new RateLimits.Limit(5, Duration.ofSeconds(60)),
                RateLimits.DEFAULT.vmDeletion()));
        assertRejected(":rate_limits:\n  vm_deletion:\n    limit: 0\n", ":rate_limits: > vm_deletion > limit");
    }

    @Test
    void apiSettingsFromTheConfigSection() {
        ApiSettings api = load("""
                :config:
                  site_name: Pooler
                  allowed_tags: [project, jenkins_build_url]
                  experimental_features: true
                  usage_stats: 'true'
                  request_logger: true
                  rate_limiting_enabled: true
                  enforce_vm_ownership: false
                """).global().api();

        assertThat(api).isEqualTo(new ApiSettings("Pooler", Optional.of(List.of("project", "jenkins_build_url")),
                true, true, true, true, false));
    }

    @Test
    void blockingCallThreadsAndTheDnsCheckDeadline() {
        assertThat(load("").global().provisioning().blockingCalls()).isEqualTo(BlockingCallSettings.DEFAULT);
        assertThat(load(":config:\n  blocking_threads: 4\n  dns_check_timeout: 2\n").global().provisioning()
                .blockingCalls()).isEqualTo(new BlockingCallSettings(4, Duration.ofSeconds(2)));
        assertRejected(":config:\n  blocking_threads: 0\n", ":config: > blocking_threads");
        assertRejected(":config:\n  dns_check_timeout: 0\n", ":config: > dns_check_timeout");
    }

    @Test
    void operationalSettingsFromTheConfigSection() {
        GlobalConfig global = load("""
                :config:
                  logfile: /var/log/vmpooler.log
                  max_vm_retries: 5
                  backend_weight:
                    cluster1: 60
                    cluster2: 40
                  dlq_enabled: true
                  dlq_ttl: 24
                  dlq_max_entries: 50
                  purge_enabled: true
                  purge_dry_run: true
                  purge_interval: 60
                  max_pending_age: 1
                  max_ready_age: 2
                  max_completed_age: 3
                  max_orphaned_age: 4
                  health_check_enabled: true
                  health_check_interval: 30
                  health_thresholds:
                    pending_queue_max: 7
                    stuck_vm_age_threshold: 600
                  circuit_breaker_enabled: false
                  circuit_breaker_half_open_attempts: 1
                """).global();

        assertThat(global.logfile()).contains("/var/log/vmpooler.log");
        assertThat(global.provisioning().maxVmRetries()).isEqualTo(5);
        assertThat(global.provisioning().backendWeight()).isEqualTo(Map.of("cluster1", 60, "cluster2", 40));
        assertThat(global.dlq()).isEqualTo(new DlqSettings(true, Duration.ofHours(24), 50));
        assertThat(global.purge()).isEqualTo(new PurgeSettings(true, true, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)));
        HealthCheckSettings health = global.healthCheck();
        assertThat(health.enabled()).isTrue();
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(health.pendingQueueMax()).isEqualTo(7);
        assertThat(health.readyQueueMax()).isEqualTo(HealthCheckSettings.DEFAULT.readyQueueMax());
        assertThat(health.stuckVmAgeThreshold()).isEqualTo(Duration.ofSeconds(600));
        assertThat(global.circuitBreaker()).isEqualTo(new CircuitBreakerSettings(false, 5, Duration.ofSeconds(30), 1));
    }

    @Test
    void badGlobalValuesAreNamed() {
        assertRejected(":config:\n  task_limit: many\n", ":config: > task_limit", "'many'");
        assertRejected(":config:\n  task_limit: 0\n", ":config: > task_limit", "at least 1");
        assertRejected(":config:\n  vm_lifetime: -2\n", ":config: > vm_lifetime", "'-2'");
        assertRejected(":config:\n  usage_stats: sometimes\n", ":config: > usage_stats", "'sometimes'");
        assertRejected(":config:\n  port: 0\n", ":config: > port");
        assertRejected(":config:\n  ready_ttl: 4294967356\n", ":config: > ready_ttl", "'4294967356'");
        assertRejected(":config:\n  backend_weight:\n    c1: heavy\n", ":config: > backend_weight > c1");
    }

    @Test
    void theRemovedDomainSettingIsFatalWithAMigrationHint() {
        assertRejected(":config:\n  domain: example.com\n", ":config: > domain", ":dns_configs:", "dns_plugin");
        assertThatThrownBy(() -> new LoaderFixture(dir).config(LoaderFixture.MINIMAL).env("DOMAIN", "x").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("environment variable DOMAIN")
                .hasMessageContaining(":dns_configs:");
    }

    @Test
    void aSectionThatIsNotAMapIsNamed() {
        assertRejected(":config: just-text\n", ":config:", "'just-text'");
    }
}
