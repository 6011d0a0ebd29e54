package org.vmpooler.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code :auth:}. Dummy authentication (any user whose password differs from the name) is refused
 * unless {@code VMPOOLER_DEBUG} is set. LDAP uses StartTLS unless {@code encryption} says otherwise; plain
 * LDAP only when {@code :method: :plain} (or {@code none}) is configured.
 */
final class AuthConfigReader {
    private static final Set<String> AUTH_KEYS = Set.of("provider", "ldap", "admin_users", "admin_group",
            "admin_access", "private_reads");
    private static final Set<String> LDAP_KEYS = Set.of("host", "port", "base", "user_object",
            "service_account_hash", "encryption");
    private static final Set<String> SERVICE_ACCOUNT_KEYS = Set.of("user_dn", "password");
    private static final Set<String> ENCRYPTION_KEYS = Set.of("method", "tls_options");
    private static final Set<String> TLS_OPTION_KEYS = Set.of("ssl_version");

    private AuthConfigReader() {
    }

    static Optional<AuthConfig> read(Settings document, Map<String, String> env, ConfigProblems problems) {
        if (!document.has("auth")) {
            return Optional.empty();
        }
        Settings auth = SectionReader.topLevel(document, "auth");
        SectionReader section = new SectionReader(auth, problems).warnUnknownKeys(AUTH_KEYS);
        String provider = section.required("provider");
        Optional<LdapConfig> ldap = switch (provider) {
            case "dummy" -> {
                if (env.get("VMPOOLER_DEBUG") == null) {
                    throw new ConfigException(":auth: > provider 'dummy' in " + auth.source() + " accepts any user"
                            + " and is only for development: it is refused unless VMPOOLER_DEBUG is set");
                }
                yield Optional.empty();
            }
            case "ldap" -> Optional.of(ldap(auth, problems));
            default -> throw auth.invalid("provider", provider, "dummy or ldap");
        };
        return Optional.of(new AuthConfig(provider, ldap, admins(auth, ldap), auth.bool("private_reads", false)));
    }

    private static AdminAccess admins(Settings auth, Optional<LdapConfig> ldap) {
        Optional<String> group = auth.string("admin_group").filter(g -> !g.isBlank());
        if (group.isPresent() && ldap.flatMap(LdapConfig::serviceAccount).isEmpty()) {
            throw new ConfigException(":auth: > admin_group in " + auth.source() + " names an LDAP group, which is"
                    + " read with the service account: it needs provider 'ldap' with :ldap: > service_account_hash");
        }
        boolean anyToken = switch (YamlDocumentReader.normaliseKey(auth.string("admin_access", "admins").trim())
                .toLowerCase(Locale.ROOT)) {
            case "admins" -> false;
            case "any_token" -> true;
            default -> throw auth.invalid("admin_access", auth.string("admin_access", ""), "admins or any_token");
        };
        return new AdminAccess(Set.copyOf(auth.strings("admin_users")), group, anyToken);
    }

    private static LdapConfig ldap(Settings auth, ConfigProblems problems) {
        if (!auth.has("ldap")) {
            throw new ConfigException(":auth: > provider 'ldap' in " + auth.source()
                    + " needs an :ldap: section (host, base, user_object)");
        }
        Settings ldap = auth.section("ldap");
        SectionReader section = new SectionReader(ldap, problems).warnUnknownKeys(LDAP_KEYS);
        int port = section.count("port", 389);
        if (port < 1 || port > 65_535) {
            throw ldap.invalid("port", port, "a TCP port between 1 and 65535");
        }
        // As in the reference, a single base string may hold several bases separated by white space; list
        // entries are taken whole (a DN may contain spaces).
        List<String> bases = ldap.raw("base").orElse(null) instanceof String text
                ? Arrays.stream(text.trim().split("\\s+")).filter(b -> !b.isEmpty()).toList()
                : ldap.strings("base");
        if (bases.isEmpty()) {
            throw new ConfigException("missing required key " + section.where("base") + " in " + ldap.source());
        }
        List<String> userObjects = ldap.strings("user_object");
        if (userObjects.isEmpty()) {
            throw new ConfigException("missing required key " + section.where("user_object") + " in "
                    + ldap.source());
        }
        Settings encryption = ldap.section("encryption");
        new SectionReader(encryption, problems).warnUnknownKeys(ENCRYPTION_KEYS);
        Settings tlsOptions = encryption.section("tls_options");
        new SectionReader(tlsOptions, problems).warnUnknownKeys(TLS_OPTION_KEYS);
        return new LdapConfig(section.required("host"), port, bases, userObjects, serviceAccount(ldap, problems),
                encryptionMethod(encryption), tlsOptions.string("ssl_version"));
    }

    private static Optional<LdapConfig.ServiceAccount> serviceAccount(Settings ldap, ConfigProblems problems) {
        if (!ldap.has("service_account_hash")) {
            return Optional.empty();
        }
        Settings account = ldap.section("service_account_hash");
        SectionReader section = new SectionReader(account, problems).warnUnknownKeys(SERVICE_ACCOUNT_KEYS);
        return Optional.of(new LdapConfig.ServiceAccount(section.required("user_dn"), section.required("password")));
    }

    private static LdapConfig.Encryption encryptionMethod(Settings encryption) {
        Optional<String> method = encryption.string("method");
        if (method.isEmpty()) {
            return LdapConfig.Encryption.START_TLS;
        }
        return switch (YamlDocumentReader.normaliseKey(method.get()).trim().toLowerCase(Locale.ROOT)) {
            case "simple_tls" -> LdapConfig.Encryption.SIMPLE_TLS;
            case "start_tls" -> LdapConfig.Encryption.START_TLS;
            case "plain", "none" -> LdapConfig.Encryption.PLAIN;
            default -> throw encryption.invalid("method", method.get(), ":simple_tls, :start_tls or :plain");
        };
    }
}
