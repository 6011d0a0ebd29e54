package org.vmpooler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.api.health.HealthRoutes;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders deploy/helm/vmpooler with helm and checks the objects, down to the configuration the pods would read:
 * it is loaded with the service's own configuration loader. bin/ensure-helm finds helm (installing it from npm the
 * first time).
 */
class HelmChartTest {
    private static final Path CHART = Repo.DEPLOY.resolve("helm/vmpooler");
    private static Path helm;

    @TempDir
    Path dir;

    @BeforeAll
    static void findHelm() throws IOException, InterruptedException {
        List<String> lines = Repo.lines(Repo.run(Duration.ofMinutes(5), "bin/ensure-helm").orFail("bin/ensure-helm").output());
        helm = Path.of(lines.getLast().trim());
        assertThat(helm).isExecutable();
    }

    @Test
    void theDefaultsGiveScalableApiReplicasOneRollingManagerAndTheirRedis() throws Exception {
        List<Map<String, Object>> objects = render("--set", "redis.auth.password=s3cret", "--set", "api.replicaCount=3");

        Map<String, Object> api = object(objects, "Deployment", "v-vmpooler-api");
        assertThat(at(api, "spec.replicas")).isEqualTo(3);
        Map<String, Object> manager = object(objects, "Deployment", "v-vmpooler-manager");
        assertThat(at(manager, "spec.replicas")).isEqualTo(1);
        assertThat(at(manager, "spec.strategy.type")).isEqualTo("RollingUpdate");
        assertThat(at(manager, "spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);
        assertThat(container(api).get("args")).isEqualTo(List.of("api"));
        assertThat(container(manager).get("args")).isEqualTo(List.of("manager"));
        assertThat(object(objects, "Deployment", "v-vmpooler-redis")).isNotNull();
        assertThat(env(api)).containsEntry("REDIS_SERVER", "v-vmpooler-redis").containsEntry("BIND_ADDRESS", "0.0.0.0")
                .containsEntry("LOGFILE", "/dev/stdout").containsEntry("VMPOOLER_CONFIG_FILE", "/etc/vmpooler/vmpooler.yaml");
        assertThat(secretRef(api, "REDIS_PASSWORD")).isEqualTo(Map.of("name", "v-vmpooler-redis", "key", "redis-password"));
        assertThat(at(object(objects, "Secret", "v-vmpooler-redis"), "data.redis-password")).isEqualTo("czNjcmV0");
    }

    /** Managers share the pools through leases; without them a second manager refuses to start. */
    @Test
    void severalManagersRunWithLeasesAndTheChartRefusesThemWithout() throws Exception {
        Map<String, Object> shared = object(render("--set", "redis.auth.password=x", "--set", "manager.replicaCount=3"),
                "Deployment", "v-vmpooler-manager");
        assertThat(at(shared, "spec.replicas")).isEqualTo(3);
        assertThat(at(shared, "spec.strategy.type")).isEqualTo("RollingUpdate");

        Path leasesOff = dir.resolve("leases-off.yaml");
        Files.writeString(leasesOff, "baseconfig_extras:\n  ':config:':\n    manager_leases: false\n");
        Map<String, Object> alone = object(render("--set", "redis.auth.password=x", "-f", leasesOff.toString()),
                "Deployment", "v-vmpooler-manager");
        assertThat(at(alone, "spec.replicas")).isEqualTo(1);
        assertThat(at(alone, "spec.strategy.type")).as("the old manager stops before the new one starts")
                .isEqualTo("Recreate");

        Repo.Result refused = Repo.run(Duration.ofMinutes(2), helm.toString(), "template", "v", CHART.toString(),
                "--set", "redis.auth.password=x", "--set", "manager.replicaCount=2", "-f", leasesOff.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("manager.replicaCount above 1 needs manager leases");
    }

    @Test
    void theChartLintsCleanAndTheBuiltInRedisIsNeverLeftWithoutAPassword() throws Exception {
        Repo.run(Duration.ofMinutes(2), helm.toString(), "lint", "--strict", CHART.toString(),
                "--set", "redis.auth.existingSecret=redis").orFail("helm lint");

        Repo.Result unprotected = Repo.run(Duration.ofMinutes(2), helm.toString(), "template", "v", CHART.toString());
        assertThat(unprotected.exitCode()).isNotZero();
        assertThat(unprotected.output()).contains("the built-in Redis needs a password");
    }

    @Test
    void bothDeploymentsProbeTheServicesHealthEndpointsAndRunLockedDown() throws Exception {
        for (Map<String, Object> deployment : deployments(render("--set", "redis.auth.password=x"))) {
            Map<String, Object> c = container(deployment);
            assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo(HealthRoutes.LIVE);
            assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo(HealthRoutes.READY);
            assertThat(at(c, "startupProbe.httpGet.path")).isEqualTo(HealthRoutes.LIVE);
            assertThat(at(c, "securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(at(c, "securityContext.runAsUser")).isEqualTo(1001);
            assertThat(at(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(at(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(at(c, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
            assertThat(at(c, "resources.limits.memory")).isNotNull();
            assertThat(at(c, "resources.requests.cpu")).isNotNull();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> mounts = (List<Map<String, Object>>) c.get("volumeMounts");
            assertThat(mounts).extracting(m -> m.get("mountPath")).contains("/tmp", "/etc/vmpooler/vmpooler.yaml");
            assertThat(at(deployment, "spec.template.metadata.annotations.checksum/config")).isNotNull();
        }
    }

    @Test
    void servicesAreAnnotatedForPrometheusAndAServiceMonitorIsOptional() throws Exception {
        List<Map<String, Object>> objects = render("--set", "redis.auth.password=x");
        for (String name : List.of("v-vmpooler-api", "v-vmpooler-manager")) {
            Map<String, Object> service = object(objects, "Service", name);
            assertThat(at(service, "metadata.annotations.prometheus.io/scrape")).isEqualTo("true");
            assertThat(at(service, "metadata.annotations.prometheus.io/path")).isEqualTo("/prometheus");
        }
        assertThat(kinds(objects)).doesNotContain("ServiceMonitor", "Ingress");

        List<Map<String, Object>> monitored = render("--set", "redis.auth.password=x",
                "--set", "metrics.serviceMonitor.enabled=true", "--set", "ingress.enabled=true",
                "--set", "ingress.domain=ci.example.net", "--set", "ingress.useTLS=true");
        assertThat(at(object(monitored, "ServiceMonitor", "v-vmpooler"), "spec.endpoints")).asList().hasSize(1);
        Map<String, Object> ingress = object(monitored, "Ingress", "v-vmpooler");
        assertThat(at(ingress, "spec.rules")).asList().first().extracting(r -> ((Map<?, ?>) r).get("host"))
                .isEqualTo("vmpooler.ci.example.net");
    }

    @Test
    void anOutsideRedisSecretReferencesAndExtraVolumes() throws Exception {
        List<Map<String, Object>> objects = render("--set", "redis.enabled=false", "--set", "redis.host=redis.prod",
                "--set", "redis.auth.existingSecret=prod-redis", "--set", "secretEnv[0].name=VSPHERE_PASSWORD",
                "--set", "secretEnv[0].secretName=vsphere", "--set", "secretEnv[0].key=password",
                "--set", "plugins.volume.persistentVolumeClaim.claimName=plugins",
                "--set", "extraVolumes[0].name=keys", "--set", "extraVolumes[0].secret.secretName=gce",
                "--set", "extraVolumeMounts[0].name=keys", "--set", "extraVolumeMounts[0].mountPath=/vault/secrets");
        assertThat(kinds(objects)).doesNotContain("Secret");
        assertThat(objects).noneMatch(o -> String.valueOf(at(o, "metadata.name")).endsWith("-redis"));
        Map<String, Object> manager = object(objects, "Deployment", "v-vmpooler-manager");
        assertThat(env(manager)).containsEntry("REDIS_SERVER", "redis.prod");
        assertThat(secretRef(manager, "REDIS_PASSWORD")).isEqualTo(Map.of("name", "prod-redis", "key", "redis-password"));
        assertThat(secretRef(manager, "VSPHERE_PASSWORD")).isEqualTo(Map.of("name", "vsphere", "key", "password"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container(manager).get("volumeMounts");
        assertThat(mounts).extracting(m -> m.get("mountPath")).contains("/opt/vmpooler/plugins", "/vault/secrets");
        assertThat(at(manager, "spec.template.spec.volumes")).asList()
                .contains(Map.of("name", "keys", "secret", Map.of("secretName", "gce")));
    }

    @Test
    void theRenderedConfigurationLoadsWithTheServicesOwnLoader() throws Exception {
        List<Map<String, Object>> objects = render("--set", "redis.auth.password=x");
        Files.writeString(dir.resolve("vmpooler.yaml"),
                (String) at(object(objects, "ConfigMap", "v-vmpooler-baseconfig"), "data.vmpooler.yaml"));
        Files.writeString(dir.resolve("pools.yaml"),
                (String) at(object(objects, "ConfigMap", "v-vmpooler-pools"), "data.pools.yaml"));
        Map<String, String> env = new HashMap<>(env(object(objects, "Deployment", "v-vmpooler-api")));
        env.put("VMPOOLER_CONFIG_FILE", dir.resolve("vmpooler.yaml").toString());
        env.put("EXTRA_CONFIG", dir.resolve("pools.yaml").toString());
        env.put("REDIS_PASSWORD", "x");

        VmpoolerConfig config = new ConfigLoader().load(env, dir);

        assertThat(config.pools()).extracting(PoolConfig::name).containsExactly("debian-12-x86_64");
        assertThat(config.redis()).isPresent().get().extracting(r -> r.server()).isEqualTo("v-vmpooler-redis");
        assertThat(config.metrics()).isInstanceOf(MetricsConfig.Prometheus.class);
        assertThat(config.server().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.global().lifecycle()).isNotNull();
    }

    private List<Map<String, Object>> render(String... settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(helm.toString(), "template", "v", CHART.toString()));
        command.addAll(List.of(settings));
        String yaml = Repo.run(Duration.ofMinutes(2), command.toArray(String[]::new)).orFail("helm template").output();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) doc;
                objects.add(object);
            }
        }
        return objects;
    }

    private static List<String> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> (String) o.get("kind")).toList();
    }

    private static List<Map<String, Object>> deployments(List<Map<String, Object>> objects) {
        return objects.stream().filter(o -> o.get("kind").equals("Deployment"))
                .filter(o -> !String.valueOf(at(o, "metadata.name")).endsWith("-redis")).toList();
    }

    private static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata.name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds(objects)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return ((List<Map<String, Object>>) at(deployment, "spec.template.spec.containers")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> envEntries(Map<String, Object> deployment) {
        return (List<Map<String, Object>>) container(deployment).get("env");
    }

    private static Map<String, String> env(Map<String, Object> deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        envEntries(deployment).stream().filter(e -> e.containsKey("value"))
                .forEach(e -> env.put((String) e.get("name"), String.valueOf(e.get("value"))));
        return env;
    }

    private static Object secretRef(Map<String, Object> deployment, String variable) {
        return envEntries(deployment).stream().filter(e -> variable.equals(e.get("name"))).findFirst()
                .map(e -> at(e, "valueFrom.secretKeyRef")).orElse(null);
    }

    /** The value at a dotted path; keys that contain dots themselves (annotations) are matched whole first. */
    static Object at(Map<String, Object> map, String path) {
        Object value = map.get(path);
        if (value != null || map.containsKey(path)) {
            return value;
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            Object head = map.get(path.substring(0, dot));
            if (head instanceof Map<?, ?> inner) {
                @SuppressWarnings("unchecked")
                Object found = at((Map<String, Object>) inner, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
            dot = path.indexOf('.', dot + 1);
        }
        return null;
    }
}
