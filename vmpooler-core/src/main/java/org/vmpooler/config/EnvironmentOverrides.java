package org.vmpooler.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/**
 * Writes the environment variables of the reference (and the few this implementation adds) into the merged
 * document, so that the environment wins over the file and {@code /full_config} shows what is in effect.
 * Sections that only exist when configured ({@code :redis:}, {@code :statsd:}, {@code :graphite:},
 * {@code :auth:}) are created by their "server"/"provider" variable; their other variables are ignored, with
 * a warning, while the section does not exist (the reference crashed on them).
 */
final class EnvironmentOverrides {

    private enum Kind { TEXT, INTEGER, BOOLEAN, JSON }

    private record Binding(String variable, String key, Kind kind, boolean deprecated) {
        Binding(String variable, String key, Kind kind) {
            this(variable, key, kind, false);
        }
    }

    /** A section's variables; {@code creator} (when not null) creates the section when it is absent. */
    private record SectionBindings(String section, String creator, List<Binding> bindings) {
    }

    private static final List<SectionBindings> SECTIONS = List.of(
            new SectionBindings("config", null, List.of(
                    new Binding("EXTRA_CONFIG", "extra_config", Kind.TEXT),
                    new Binding("TASK_LIMIT", "task_limit", Kind.INTEGER),
                    new Binding("ONDEMAND_CLONE_LIMIT", "ondemand_clone_limit", Kind.INTEGER),
                    new Binding("MAX_ONDEMAND_INSTANCES_PER_REQUEST", "max_ondemand_instances_per_request",
                            Kind.INTEGER),
                    new Binding("MIGRATION_LIMIT", "migration_limit", Kind.INTEGER),
                    new Binding("VM_CHECKTIME", "vm_checktime", Kind.INTEGER),
                    new Binding("VM_LIFETIME", "vm_lifetime", Kind.INTEGER),
                    new Binding("MAX_LIFETIME_UPPER_LIMIT", "max_lifetime_upper_limit", Kind.INTEGER),
                    new Binding("READY_TTL", "ready_ttl", Kind.INTEGER),
                    new Binding("ONDEMAND_REQUEST_TTL", "ondemand_request_ttl", Kind.INTEGER),
                    new Binding("PREFIX", "prefix", Kind.TEXT),
                    new Binding("LOGFILE", "logfile", Kind.TEXT),
                    new Binding("LOG_FORMAT", "log_format", Kind.TEXT),
                    new Binding("SITE_NAME", "site_name", Kind.TEXT),
                    new Binding("CLONE_TARGET", "clone_target", Kind.TEXT),
                    new Binding("TIMEOUT", "timeout", Kind.INTEGER),
                    new Binding("TIMEOUT_NOTIFICATION", "timeout_notification", Kind.INTEGER),
                    new Binding("VM_LIFETIME_AUTH", "vm_lifetime_auth", Kind.INTEGER),
                    new Binding("MAX_TRIES", "max_tries", Kind.INTEGER),
                    new Binding("RETRY_FACTOR", "retry_factor", Kind.INTEGER),
                    new Binding("CREATE_FOLDERS", "create_folders", Kind.BOOLEAN),
                    new Binding("EXPERIMENTAL_FEATURES", "experimental_features", Kind.BOOLEAN),
                    new Binding("USAGE_STATS", "usage_stats", Kind.BOOLEAN),
                    new Binding("REQUEST_LOGGER", "request_logger", Kind.BOOLEAN),
                    new Binding("CREATE_TEMPLATE_DELTA_DISKS", "create_template_delta_disks", Kind.BOOLEAN),
                    new Binding("PURGE_UNCONFIGURED_RESOURCES", "purge_unconfigured_resources", Kind.BOOLEAN),
                    // Applied after its successor so that it wins, as in the reference.
                    new Binding("PURGE_UNCONFIGURED_FOLDERS", "purge_unconfigured_resources", Kind.BOOLEAN, true),
                    new Binding("CREATE_LINKED_CLONES", "create_linked_clones", Kind.BOOLEAN),
                    new Binding("PORT", "port", Kind.INTEGER),
                    new Binding("BIND_ADDRESS", "bind_address", Kind.TEXT))),
            new SectionBindings("redis", "REDIS_SERVER", List.of(
                    new Binding("REDIS_SERVER", "server", Kind.TEXT),
                    new Binding("REDIS_PORT", "port", Kind.INTEGER),
                    new Binding("REDIS_PASSWORD", "password", Kind.TEXT),
                    new Binding("REDIS_DATABASE", "database", Kind.INTEGER),
                    new Binding("REDIS_DATA_TTL", "data_ttl", Kind.INTEGER),
                    new Binding("REDIS_CONNECTION_POOL_SIZE", "connection_pool_size", Kind.INTEGER),
                    new Binding("REDIS_CONNECTION_POOL_TIMEOUT", "connection_pool_timeout", Kind.INTEGER),
                    new Binding("REDIS_RECONNECT_ATTEMPTS", "reconnect_attempts", Kind.JSON))),
            new SectionBindings("statsd", "STATSD_SERVER", List.of(
                    new Binding("STATSD_SERVER", "server", Kind.TEXT),
                    new Binding("STATSD_PREFIX", "prefix", Kind.TEXT),
                    new Binding("STATSD_PORT", "port", Kind.INTEGER))),
            new SectionBindings("graphite", "GRAPHITE_SERVER", List.of(
                    new Binding("GRAPHITE_SERVER", "server", Kind.TEXT),
                    new Binding("GRAPHITE_PREFIX", "prefix", Kind.TEXT),
                    new Binding("GRAPHITE_PORT", "port", Kind.INTEGER))),
            new SectionBindings("tracing", null, List.of(
                    new Binding("VMPOOLER_TRACING_ENABLED", "enabled", Kind.BOOLEAN),
                    new Binding("VMPOOLER_TRACING_JAEGER_HOST", "jaeger_host", Kind.TEXT))),
            new SectionBindings("auth", "AUTH_PROVIDER", List.of(
                    new Binding("AUTH_PROVIDER", "provider", Kind.TEXT))));

    private static final List<Binding> LDAP = List.of(
            new Binding("LDAP_HOST", "host", Kind.TEXT),
            new Binding("LDAP_PORT", "port", Kind.INTEGER),
            new Binding("LDAP_BASE", "base", Kind.TEXT),
            new Binding("LDAP_USER_OBJECT", "user_object", Kind.TEXT));

    private EnvironmentOverrides() {
    }

    /** A new document: {@code document} with the environment applied. */
    static Map<String, Object> apply(Map<String, Object> document, Map<String, String> env, String source,
                                     ConfigProblems problems) {
        Map<String, Object> result = new LinkedHashMap<>(document);
        for (SectionBindings section : SECTIONS) {
            boolean sectionExists = result.get(section.section()) != null;
            if (section.creator() == null || sectionExists || env.get(section.creator()) != null) {
                Map<String, Object> values = copyOfSection(result, section.section(), source);
                applyBindings(section.bindings(), values, env, problems);
                if (sectionExists || !values.isEmpty()) {
                    result.put(section.section(), values);
                }
            } else {
                warnIgnored(section.bindings(), env, problems, "there is no :" + section.section() + ": section and "
                        + section.creator() + " is not set");
            }
        }
        applyLdap(result, env, source, problems);
        return result;
    }

    private static void applyLdap(Map<String, Object> document, Map<String, String> env, String source,
                                  ConfigProblems problems) {
        if (document.get("auth") == null) {
            warnIgnored(LDAP, env, problems, "authentication is not configured (no :auth: section, no AUTH_PROVIDER)");
            return;
        }
        if (LDAP.stream().noneMatch(b -> env.get(b.variable()) != null)) {
            return;
        }
        Map<String, Object> auth = copyOfSection(document, "auth", source);
        Map<String, Object> ldap = copyOfSection(auth, "ldap", source);
        applyBindings(LDAP, ldap, env, problems);
        auth.put("ldap", ldap);
        document.put("auth", auth);
    }

    private static void applyBindings(List<Binding> bindings, Map<String, Object> section, Map<String, String> env,
                                      ConfigProblems problems) {
        for (Binding binding : bindings) {
            String raw = env.get(binding.variable());
            if (raw == null) {
                continue;
            }
            if (binding.deprecated()) {
                problems.warn("environment variable " + binding.variable() + " is deprecated; it still sets "
                        + binding.key() + " (and wins over it), but use the new name");
            }
            problems.attempt(() -> parse(binding, raw, problems)).flatMap(value -> value)
                    .ifPresent(value -> section.put(binding.key(), value));
        }
    }

    private static Optional<Object> parse(Binding binding, String raw, ConfigProblems problems) {
        return switch (binding.kind()) {
            case TEXT -> Optional.of(raw);
            case INTEGER -> EnvValues.integer(binding.variable(), raw, problems).map(i -> i);
            case BOOLEAN -> Optional.of(EnvValues.bool(binding.variable(), raw));
            case JSON -> Optional.of(EnvValues.json(binding.variable(), raw));
        };
    }

    private static void warnIgnored(List<Binding> bindings, Map<String, String> env, ConfigProblems problems,
                                    String reason) {
        for (Binding binding : bindings) {
            if (env.get(binding.variable()) != null) {
                problems.warn("environment variable " + binding.variable() + " is ignored: " + reason);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyOfSection(Map<String, Object> parent, String key, String source) {
        Object value = parent.get(key);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map)) {
            throw new ConfigException("the section :" + key + ": in " + source + " must be a map of settings, not '"
                    + value + "'");
        }
        return new LinkedHashMap<>((Map<String, Object>) value);
    }
}
