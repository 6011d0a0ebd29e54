package org.vmpooler.dns.rfc2136;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.Settings;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG key updates are signed with: {@code tsig_key_name}, {@code tsig_algorithm} and the base64 secret from
 * {@code tsig_secret} or {@code tsig_secret_file} (the file may be the key clause {@code tsig-keygen} prints).
 * The secret is never shown: not by {@link #toString()}, not in an error.
 */
final class TsigKey {
    static final String DEFAULT_ALGORITHM = "hmac-sha256";
    private static final Map<String, Name> ALGORITHMS = Map.of("hmac-sha1", TSIG.HMAC_SHA1, "hmac-sha224",
            TSIG.HMAC_SHA224, "hmac-sha256", TSIG.HMAC_SHA256, "hmac-sha384", TSIG.HMAC_SHA384, "hmac-sha512",
            TSIG.HMAC_SHA512);
    private static final Pattern KEY_CLAUSE_SECRET = Pattern.compile("secret\\s+\"([^\"]+)\"");

    private final String name;
    private final String algorithm;
    private final TSIG tsig;

    private TsigKey(String name, String algorithm, byte[] secret) {
        this.name = name;
        this.algorithm = algorithm;
        this.tsig = new TSIG(ALGORITHMS.get(algorithm), Rfc2136Settings.name(Settings.empty(""), "tsig_key_name",
                name), secret);
    }

    /** The key the settings name; empty when updates go unsigned (a server that allows updates by address). */
    static Optional<TsigKey> of(Settings s) {
        Optional<String> name = s.string("tsig_key_name");
        boolean secretGiven = s.has("tsig_secret") || s.has("tsig_secret_file");
        if (name.isEmpty()) {
            if (secretGiven) {
                throw new ConfigException(s.path() + " has a TSIG secret but no tsig_key_name in " + s.source());
            }
            return Optional.empty();
        }
        String algorithm = s.string("tsig_algorithm", DEFAULT_ALGORITHM).toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.containsKey(algorithm)) {
            throw s.invalid("tsig_algorithm", algorithm, "one of " + ALGORITHMS.keySet().stream().sorted().toList());
        }
        Rfc2136Settings.name(s, "tsig_key_name", name.get());
        if (s.has("tsig_secret") == s.has("tsig_secret_file")) {
            throw new ConfigException(s.path() + " needs exactly one of tsig_secret and tsig_secret_file for key "
                    + name.get() + " in " + s.source());
        }
        String secret = s.has("tsig_secret") ? s.string("tsig_secret").orElseThrow()
                : readSecretFile(s, s.string("tsig_secret_file").orElseThrow());
        try {
            byte[] bytes = Base64.getDecoder().decode(secret.trim());
            if (bytes.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return Optional.of(new TsigKey(name.get(), algorithm, bytes));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the TSIG secret of " + s.path() + " (key " + name.get() + ") in " + s.source()
                    + " is not base64 (the value is not shown)");
        }
    }

    private static String readSecretFile(Settings s, String path) {
        String text;
        try {
            text = Files.readString(Path.of(path));
        } catch (IOException e) {
            throw s.invalid("tsig_secret_file", path, "a readable file holding the base64 TSIG secret ("
                    + e.getClass().getSimpleName() + ")");
        }
        Matcher clause = KEY_CLAUSE_SECRET.matcher(text);
        return clause.find() ? clause.group(1) : text.trim();
    }

    String name() {
        return name;
    }

    TSIG tsig() {
        return tsig;
    }

    @Override
    public String toString() {
        return "key " + name + " (" + algorithm + ")";
    }
}
