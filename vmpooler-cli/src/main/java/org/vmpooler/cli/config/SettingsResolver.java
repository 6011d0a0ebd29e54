package org.vmpooler.cli.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.Terminal;

/**
 * Resolves each setting with vmfloaty's precedence, plus environment variables between flags and file:
 * command-line flag > {@code VMPOOLER_*} variable > the selected service of {@code ~/.vmfloaty.yml} (named by
 * {@code --service}, else the first one) > the file's top-level keys.
 */
public final class SettingsResolver {
    private static final Set<String> VMPOOLER_TYPES = Set.of("vmpooler");

    private final Terminal terminal;

    public SettingsResolver(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The flags as given on the command line; null when absent. */
    public record Flags(String url, String token, String user, String service) {
    }

    public ConnectionSettings resolve(Flags flags) {
        Map<String, Object> file = FloatyConfigFile.read(configFile());
        Map<String, Object> service = selectedService(file, first(flags.service(), terminal.env("VMPOOLER_SERVICE")));
        String url = pick(flags.url(), "VMPOOLER_URL", "url", service, file).orElseThrow(() -> CliFailure.usage(
                "no vmpooler URL: set url in ~/.vmfloaty.yml, VMPOOLER_URL or --url (e.g. https://vmpooler.example.com/api/v3)"));
        return new ConnectionSettings(baseUrl(url), pick(flags.token(), "VMPOOLER_TOKEN", "token", service, file),
                pick(flags.user(), "VMPOOLER_USER", "user", service, file));
    }

    private Path configFile() {
        String home = terminal.env("HOME").orElse(System.getProperty("user.home"));
        return Path.of(home, FloatyConfigFile.NAME);
    }

    private Optional<String> pick(String flag, String variable, String key, Map<String, Object> service,
            Map<String, Object> file) {
        return first(flag, terminal.env(variable)).or(() -> text(service, key)).or(() -> text(file, key));
    }

    private static Optional<String> first(String flag, Optional<String> fallback) {
        return Optional.ofNullable(flag).filter(value -> !value.isBlank()).or(() -> fallback);
    }

    private static Map<String, Object> selectedService(Map<String, Object> file, Optional<String> name) {
        Object services = file.get("services");
        if (services == null) {
            if (name.isPresent()) {
                throw CliFailure.usage("service '" + name.get() + "' is not defined: ~/.vmfloaty.yml has no services");
            }
            return Map.of();
        }
        if (!(services instanceof Map<?, ?> all) || all.isEmpty()) {
            throw CliFailure.usage("~/.vmfloaty.yml: services must be a map of named services");
        }
        String chosen = name.orElse(String.valueOf(all.keySet().iterator().next()));
        Object service = all.entrySet().stream().filter(e -> String.valueOf(e.getKey()).equals(chosen))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> CliFailure.usage("service '" + chosen + "' is not defined in ~/.vmfloaty.yml (known: "
                        + String.join(", ", all.keySet().stream().map(String::valueOf).toList()) + ")"));
        if (!(service instanceof Map<?, ?> settings)) {
            throw CliFailure.usage("~/.vmfloaty.yml: service '" + chosen + "' must be a map of settings");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) settings;
        String type = text(typed, "type").orElse("vmpooler").toLowerCase(Locale.ROOT);
        if (!VMPOOLER_TYPES.contains(type)) {
            throw CliFailure.usage("service '" + chosen + "' has type '" + type
                    + "': this client only speaks to vmpooler (ABS and nspooler are not supported)");
        }
        return typed;
    }

    private static Optional<String> text(Map<String, Object> settings, String key) {
        return Optional.ofNullable(settings.get(key)).map(String::valueOf).filter(value -> !value.isBlank());
    }

    /** The API base, as vmfloaty takes it: used as given, with https:// added when no scheme is written. */
    static URI baseUrl(String url) {
        String trimmed = url.trim();
        String withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed;
        String withoutSlash = withScheme.replaceAll("/+$", "");
        try {
            URI uri = new URI(withoutSlash);
            if (uri.getHost() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw CliFailure.usage("invalid vmpooler URL '" + url + "': expected http(s)://host[:port]/api/v3");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliFailure.usage("invalid vmpooler URL '" + url + "': " + e.getReason());
        }
    }
}
