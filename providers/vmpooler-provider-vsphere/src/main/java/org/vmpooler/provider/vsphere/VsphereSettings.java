package org.vmpooler.provider.vsphere;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;

/**
 * A {@code provider_class: vsphere} instance's settings with the globals it honours, read and checked once.
 * {@code server} is a host name (the SDK is {@code https://<server>/sdk}) or a whole URL.
 */
record VsphereSettings(URI endpoint, String username, String password, boolean insecure,
                       Optional<String> datacenter, int connectionPoolSize, Duration connectionPoolTimeout,
                       Duration timeout, boolean createFolders, boolean createLinkedClones,
                       boolean manageHostSelection, Duration hostSelectionMaxAge, int utilizationLimit,
                       Optional<Integer> migrationLimit, Optional<String> cloneTarget) {

    /** The instance keys {@link #read} takes from the provider's section (the rest are globals). */
    static final Set<String> KEYS = Set.of("server", "username", "password", "insecure", "datacenter",
            "connection_pool_size", "connection_pool_timeout", "vsphere_timeout");

    static VsphereSettings read(Settings instance, VmpoolerConfig config, int servedPools, ConfigProblems errors) {
        Settings global = config.global().extras();
        Optional<String> server = required(instance, "server", errors);
        Optional<String> username = required(instance, "username", errors);
        Optional<String> password = required(instance, "password", errors);
        int poolSize = errors.attempt(() -> instance.integer("connection_pool_size",
                Math.max(Math.max(servedPools, config.global().provisioning().taskLimit()), 2))).orElse(1);
        if (poolSize < 1) {
            errors.error(instance.invalid("connection_pool_size", poolSize, "a whole number of at least 1").getMessage());
        }
        return new VsphereSettings(
                server.map(VsphereSettings::endpoint).orElse(URI.create("https://invalid/sdk")),
                username.orElse(""), password.orElse(""),
                errors.attempt(() -> instance.bool("insecure", false)).orElse(false),
                errors.attempt(() -> instance.string("datacenter")).flatMap(d -> d).filter(d -> !d.isBlank()),
                Math.max(poolSize, 1),
                seconds(instance, "connection_pool_timeout", 60, errors),
                seconds(instance, "vsphere_timeout", seconds(global, "vsphere_timeout", 60, errors).toSeconds(),
                        errors),
                errors.attempt(() -> global.bool("create_folders", false)).orElse(false),
                errors.attempt(() -> global.bool("create_linked_clones", true)).orElse(true),
                errors.attempt(() -> global.bool("manage_host_selection", false)).orElse(false),
                seconds(global, "host_selection_max_age", 60, errors),
                errors.attempt(() -> global.integer("utilization_limit", 90)).orElse(90),
                config.global().provisioning().migrationLimit().filter(limit -> limit > 0),
                config.global().provisioning().cloneTarget());
    }

    private static URI endpoint(String server) {
        String url = server.contains("://") ? server : "https://" + server;
        URI uri = URI.create(url);
        return uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? URI.create(url.replaceAll("/$", "") + "/sdk") : uri;
    }

    private static Optional<String> required(Settings settings, String key, ConfigProblems errors) {
        int before = errors.errors().size();
        Optional<String> value = errors.attempt(() -> settings.string(key).filter(v -> !v.isBlank()).orElse(null));
        if (value.isEmpty() && errors.errors().size() == before) {
            errors.error("missing " + (settings.path().isEmpty() ? key : settings.path() + " > " + key) + " in "
                    + settings.source());
        }
        return value;
    }

    private static Duration seconds(Settings settings, String key, long fallback, ConfigProblems errors) {
        int value = errors.attempt(() -> settings.integer(key, (int) fallback)).orElse((int) fallback);
        if (value < 1) {
            errors.error(settings.invalid(key, value, "a number of seconds, at least 1").getMessage());
            return Duration.ofSeconds(fallback);
        }
        return Duration.ofSeconds(value);
    }
}
