package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentOverridesTest {
    @TempDir
    Path dir;

    private LoaderFixture fixture() {
        return new LoaderFixture(dir).config(LoaderFixture.MINIMAL + """
                :config:
                  task_limit: 4
                  experimental_features: true
                """);
    }

    @Test
    void integerVariablesOverrideTheFileWithTheirUnits() {
        VmpoolerConfig config = fixture().env("TASK_LIMIT", "7").env("ONDEMAND_CLONE_LIMIT", "8")
                .env("MAX_ONDEMAND_INSTANCES_PER_REQUEST", "9").env("MIGRATION_LIMIT", "2")
                .env("VM_CHECKTIME", "3").env("VM_LIFETIME", "2").env("MAX_LIFETIME_UPPER_LIMIT", "336")
                .env("READY_TTL", "480").env("ONDEMAND_REQUEST_TTL", "50").env("TIMEOUT", "20")
                .env("TIMEOUT_NOTIFICATION", "6").env("VM_LIFETIME_AUTH", "12").env("MAX_TRIES", "5")
                .env("RETRY_FACTOR", "20").load();

        ProvisioningSettings provisioning = config.global().provisioning();
        assertThat(provisioning.taskLimit()).isEqualTo(7);
        assertThat(provisioning.ondemandCloneLimit()).isEqualTo(8);
        assertThat(provisioning.maxOndemandInstancesPerRequest()).isEqualTo(9);
        assertThat(provisioning.migrationLimit()).contains(2);
        assertThat(provisioning.ondemandRequestTtl()).isEqualTo(Duration.ofMinutes(50));
        LifecycleSettings lifecycle = config.global().lifecycle();
        assertThat(lifecycle.vmChecktime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(lifecycle.vmLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(lifecycle.maxLifetimeUpperLimit()).contains(Duration.ofHours(336));
        assertThat(lifecycle.readyTtl()).isEqualTo(Duration.ofMinutes(480));
        assertThat(lifecycle.timeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(lifecycle.timeoutNotification()).isEqualTo(Duration.ofMinutes(6));
        assertThat(lifecycle.vmLifetimeAuth()).contains(Duration.ofHours(12));
        assertThat(config.global().extras().integer("max_tries")).contains(5);
        assertThat(config.global().extras().integer("retry_factor")).contains(20);
        assertThat(config.pool("debian").orElseThrow().readyTtl()).isEqualTo(Duration.ofMinutes(480));
    }

    @Test
    void withoutEnvironmentOrFileTheReferenceDefaultsApply() {
        VmpoolerConfig config = new LoaderFixture(dir).config(LoaderFixture.MINIMAL).load();

        ProvisioningSettings provisioning = config.global().provisioning();
        assertThat(provisioning.taskLimit()).isEqualTo(10);
        assertThat(provisioning.ondemandCloneLimit()).isEqualTo(10);
        assertThat(provisioning.maxOndemandInstancesPerRequest()).isEqualTo(10);
        assertThat(provisioning.ondemandRequestTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(provisioning.maxVmRetries()).isEqualTo(3);
        assertThat(provisioning.migrationLimit()).isEmpty();
        assertThat(provisioning.prefix()).isEmpty();
        assertThat(provisioning.cloneTarget()).isEmpty();
        assertThat(config.global().lifecycle()).isEqualTo(LifecycleSettings.DEFAULT);
        assertThat(config.global().api()).isEqualTo(new ApiSettings("<b>vmpooler</b>", Optional.empty(), false,
                false, false, false, true));
        assertThat(config.global().circuitBreaker()).isEqualTo(CircuitBreakerSettings.DEFAULT);
        assertThat(config.global().dlq()).isEqualTo(DlqSettings.DEFAULT);
        assertThat(config.global().purge()).isEqualTo(PurgeSettings.DEFAULT);
        assertThat(config.global().healthCheck()).isEqualTo(HealthCheckSettings.DEFAULT);
        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 4567));
        assertThat(config.metrics()).isEqualTo(new MetricsConfig.None());
        assertThat(config.tracing()).isEqualTo(TracingConfig.DISABLED);
        assertThat(config.auth()).isEmpty();
        assertThat(config.redis()).isEmpty();
        assertThat(config.rateLimits()).isEqualTo(RateLimits.DEFAULT);
    }

    @Test
    void textVariablesOverrideTheFile() {
        VmpoolerConfig config = fixture().env("PREFIX", "ci-").env("LOGFILE", "/dev/stdout")
                .env("SITE_NAME", "<b>ci</b>").env("CLONE_TARGET", "cluster1").load();

        assertThat(config.global().provisioning().prefix()).isEqualTo("ci-");
        assertThat(config.global().logfile()).contains("/dev/stdout");
        assertThat(config.global().api().siteName()).isEqualTo("<b>ci</b>");
        assertThat(config.global().provisioning().cloneTarget()).contains("cluster1");
        assertThat(config.pool("debian").orElseThrow().cloneTarget()).contains("cluster1");
    }

    @Test
    void booleanVariablesAreParsedAsBooleans() {
        VmpoolerConfig config = fixture().env("EXPERIMENTAL_FEATURES", "false").env("USAGE_STATS", "TRUE")
                .env("REQUEST_LOGGER", "yes").env("CREATE_TEMPLATE_DELTA_DISKS", "true")
                .env("PURGE_UNCONFIGURED_RESOURCES", "true").env("CREATE_FOLDERS", "true")
                .env("CREATE_LINKED_CLONES", "false").load();

        assertThat(config.global().api().experimentalFeatures()).as("'false' is false, unlike the reference")
                .isFalse();
        assertThat(config.global().api().usageStats()).isTrue();
        assertThat(config.global().api().requestLogger()).isTrue();
        assertThat(config.global().provisioning().createTemplateDeltaDisks()).isTrue();
        assertThat(config.global().provisioning().purgeUnconfiguredResources()).isTrue();
        assertThat(config.global().extras().bool("create_folders")).contains(true);
        assertThat(config.global().extras().bool("create_linked_clones")).contains(false);
    }

    @Test
    void theDeprecatedPurgeVariableStillWorksAndWins() {
        VmpoolerConfig config = fixture().env("PURGE_UNCONFIGURED_RESOURCES", "false")
                .env("PURGE_UNCONFIGURED_FOLDERS", "true").load();

        assertThat(config.global().provisioning().purgeUnconfiguredResources()).isTrue();
        assertThat(config.providers().get("dummy").purgeUnconfiguredResources()).isTrue();
    }

    @Test
    void createLinkedClonesFalseInTheFileIsHonoured() {
        VmpoolerConfig config = new LoaderFixture(dir).loadWith("""
                :config:
                  create_linked_clones: false
                """);

        assertThat(config.global().extras().bool("create_linked_clones", true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad_data", "", "none"})
    void anIntegerVariableWithoutAnyDigitIsIgnored(String value) {
        VmpoolerConfig config = fixture().env("TASK_LIMIT", value).load();

        assertThat(config.global().provisioning().taskLimit()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5m", "1.5", "12 VMs"})
    void anIntegerVariableWithDigitsThatIsNotAWholeNumberIsAnErrorNamingIt(String value) {
        assertThatThrownBy(() -> fixture().env("TASK_LIMIT", value).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TASK_LIMIT").hasMessageContaining("'" + value + "'");
    }

    @Test
    void anInvalidBooleanVariableIsAnErrorNamingIt() {
        assertThatThrownBy(() -> fixture().env("USAGE_STATS", "maybe").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("USAGE_STATS").hasMessageContaining("maybe");
    }

    @Test
    void portAndBindAddressComeFromTheEnvironmentOrTheFile() {
        assertThat(fixture().env("PORT", "8080").env("BIND_ADDRESS", "10.0.0.1").load().server())
                .isEqualTo(new ServerConfig("10.0.0.1", 8080));
        assertThat(new LoaderFixture(dir).loadWith("""
                :config:
                  port: 9000
                  bind_address: ::1
                """).server()).isEqualTo(new ServerConfig("::1", 9000));
        assertThat(fixture().env("RACK_ENV", "production").load().server().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(fixture().env("RACK_ENV", "development").load().server().bindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void redisVariablesCreateAndOverrideTheRedisSection() {
        RedisConfig redis = fixture().env("REDIS_SERVER", "redis-master").env("REDIS_PORT", "6380")
                .env("REDIS_PASSWORD", "s3cret").env("REDIS_DATABASE", "2").env("REDIS_DATA_TTL", "24")
                .env("REDIS_CONNECTION_POOL_SIZE", "200").env("REDIS_CONNECTION_POOL_TIMEOUT", "40")
                .env("REDIS_RECONNECT_ATTEMPTS", "[0,0.25,0.5,1]").load().redis().orElseThrow();

        assertThat(redis.server()).isEqualTo("redis-master");
        assertThat(redis.port()).isEqualTo(6380);
        assertThat(redis.password()).contains("s3cret");
        assertThat(redis.database()).isEqualTo(2);
        assertThat(redis.dataTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(redis.connectionPoolSize()).isEqualTo(200);
        assertThat(redis.connectionPoolTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(redis.reconnectDelays()).containsExactly(Duration.ZERO, Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void redisVariablesWithoutServerOrSectionAreIgnored() {
        assertThat(fixture().env("REDIS_PORT", "6380").load().redis()).isEmpty();
    }

    @Test
    void reconnectAttemptsAsACountGiveExponentialBackOff() {
        RedisConfig redis = fixture().env("REDIS_SERVER", "r").env("REDIS_RECONNECT_ATTEMPTS", "4").load().redis()
                .orElseThrow();

        assertThat(redis.reconnectDelays()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void reconnectAttemptsThatAreNotJsonAreAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> fixture().env("REDIS_SERVER", "r").env("REDIS_RECONNECT_ATTEMPTS", "[1,").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_RECONNECT_ATTEMPTS");
    }

    @Test
    void statsdVariablesCreateTheStatsdSink() {
        assertThat(fixture().env("STATSD_SERVER", "statsd").env("STATSD_PREFIX", "pooler")
                .env("STATSD_PORT", "9125").load().metrics())
                .isEqualTo(new MetricsConfig.Statsd("statsd", 9125, "pooler"));
        assertThat(fixture().env("STATSD_SERVER", "statsd").load().metrics())
                .isEqualTo(new MetricsConfig.Statsd("statsd", 8125, "vmpooler"));
        assertThat(fixture().env("STATSD_PREFIX", "ignored").load().metrics()).isEqualTo(new MetricsConfig.None());
    }

    @Test
    void graphiteVariablesCreateTheGraphiteSink() {
        assertThat(fixture().env("GRAPHITE_SERVER", "graphite").env("GRAPHITE_PREFIX", "pooler")
                .env("GRAPHITE_PORT", "2004").load().metrics())
                .isEqualTo(new MetricsConfig.Graphite("graphite", 2004, "pooler"));
        assertThat(fixture().env("GRAPHITE_SERVER", "graphite").load().metrics())
                .isEqualTo(new MetricsConfig.Graphite("graphite", 2003, "vmpooler"));
    }

    @Test
    void tracingVariablesEnableTracingAndMapJaegerToOtlp() {
        assertThat(fixture().env("VMPOOLER_TRACING_ENABLED", "true")
                .env("VMPOOLER_TRACING_JAEGER_HOST", "http://jaeger:14268/api/traces").load().tracing())
                .isEqualTo(new TracingConfig(true, Optional.of("http://jaeger:4318/v1/traces")));
        assertThat(fixture().env("VMPOOLER_TRACING_ENABLED", "true").load().tracing())
                .isEqualTo(new TracingConfig(true, Optional.of("http://localhost:4318/v1/traces")));
        assertThat(fixture().env("VMPOOLER_TRACING_ENABLED", "false").load().tracing())
                .isEqualTo(TracingConfig.DISABLED);
    }

    @Test
    void authAndLdapVariablesConfigureLdap() {
        AuthConfig auth = fixture().env("AUTH_PROVIDER", "ldap").env("LDAP_HOST", "ldap.example.com")
                .env("LDAP_PORT", "636").env("LDAP_BASE", "ou=people,dc=example,dc=com")
                .env("LDAP_USER_OBJECT", "uid").load().auth().orElseThrow();

        assertThat(auth.provider()).isEqualTo("ldap");
        LdapConfig ldap = auth.ldap().orElseThrow();
        assertThat(ldap.host()).isEqualTo("ldap.example.com");
        assertThat(ldap.port()).isEqualTo(636);
        assertThat(ldap.bases()).containsExactly("ou=people,dc=example,dc=com");
        assertThat(ldap.userObjects()).containsExactly("uid");
    }

    @Test
    void theEnvironmentIsVisibleInTheMergedDocument() {
        VmpoolerConfig config = fixture().env("TASK_LIMIT", "7").env("REDIS_SERVER", "r").load();

        assertThat(config.document().section("config").integer("task_limit")).contains(7);
        assertThat(config.document().section("redis").string("server")).contains("r");
        assertThat(config.document().section("config").bool("experimental_features")).contains(true);
        assertThat(config.document().raw("pools").orElseThrow()).isInstanceOf(List.class);
    }
}
