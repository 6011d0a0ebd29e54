package org.vmpooler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose.yaml hangs together: every service the stack promises is there, Prometheus scrapes the two
 * vmpooler services where they serve metrics, Grafana is provisioned from files that exist, every mounted file
 * exists, and the configuration the vmpooler containers get loads with the service's own loader.
 */
class ComposeStackTest {
    private static final Path COMPOSE_DIR = Repo.DEPLOY;

    @Test
    void theStackHasRedisBothRolesPrometheusGrafanaAndATraceViewer() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsOnlyKeys("redis", "vmpooler-api", "vmpooler-manager", "prometheus", "grafana", "jaeger");
        assertThat(services.get("vmpooler-api")).extracting(s -> ((Map<?, ?>) s).get("command")).isEqualTo(List.of("api"));
        assertThat(services.get("vmpooler-manager")).extracting(s -> ((Map<?, ?>) s).get("command"))
                .isEqualTo(List.of("manager"));
        assertThat(environment("jaeger")).containsEntry("COLLECTOR_OTLP_ENABLED", "true");
        assertThat(environment("vmpooler-api")).containsEntry("REDIS_SERVER", "redis")
                .containsEntry("VMPOOLER_TRACING_JAEGER_HOST", "http://jaeger:14268/api/traces");
    }

    @Test
    void prometheusScrapesBothVmpoolerServicesAtTheirMetricsEndpoint() throws IOException {
        Map<String, Object> prometheus = yaml(COMPOSE_DIR.resolve("compose/prometheus.yml"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
        VmpoolerConfig config = vmpoolerConfig();
        String endpoint = ((MetricsConfig.Prometheus) config.metrics()).endpoint();
        assertThat(jobs).extracting(j -> j.get("metrics_path")).containsOnly(endpoint);
        assertThat(jobs).flatExtracting(ComposeStackTest::targets)
                .containsExactlyInAnyOrder("vmpooler-api:4567", "vmpooler-manager:4567");
        for (String target : jobs.stream().flatMap(j -> targets(j).stream()).toList()) {
            assertThat(services()).containsKey(target.substring(0, target.indexOf(':')));
        }
    }

    @Test
    void everyMountedFileExistsAndGrafanaFindsTheDashboard() throws IOException {
        for (Map.Entry<String, Object> service : services().entrySet()) {
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) ((Map<String, Object>) service.getValue()).getOrDefault("volumes", List.of());
            for (String volume : volumes) {
                Path source = COMPOSE_DIR.resolve(volume.substring(0, volume.indexOf(':'))).normalize();
                assertThat(source).as("%s mounts %s", service.getKey(), volume).exists();
            }
        }
        Map<String, Object> provider = yaml(COMPOSE_DIR.resolve("compose/grafana/provisioning/dashboards/dashboards.yaml"));
        assertThat(provider.toString()).contains("path=/var/lib/grafana/dashboards");
        assertThat(COMPOSE_DIR.resolve("grafana/vmpooler.json")).exists();
        Map<String, Object> datasources = yaml(COMPOSE_DIR.resolve("compose/grafana/provisioning/datasources/datasources.yaml"));
        assertThat(datasources.toString()).contains("url=http://prometheus:9090").contains("url=http://jaeger:16686");
    }

    @Test
    void theImageIsTheOneBuildImageMakes() throws IOException {
        String pom = Files.readString(Repo.ROOT.resolve("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>")).toLowerCase();
        @SuppressWarnings("unchecked")
        Map<String, Object> api = (Map<String, Object>) services().get("vmpooler-api");
        assertThat(api.get("image")).isEqualTo("localhost/vmpooler:" + version);
        assertThat(api.get("read_only")).isEqualTo(true);
    }

    /** The vmpooler containers' configuration: the dummy example, merged with the compose extra file. */
    static VmpoolerConfig vmpoolerConfig() {
        return new ConfigLoader().load(Map.of(
                "VMPOOLER_CONFIG_FILE", Repo.ROOT.resolve("vmpooler.yaml.dummy-example").toString(),
                "EXTRA_CONFIG", COMPOSE_DIR.resolve("compose/vmpooler-extra.yaml").toString()), Repo.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static List<String> targets(Map<String, Object> job) {
        return ((List<Map<String, Object>>) job.get("static_configs")).stream()
                .flatMap(c -> ((List<String>) c.get("targets")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        return (Map<String, Object>) yaml(COMPOSE_DIR.resolve("compose.yaml")).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) services().get(service)).get("environment");
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
