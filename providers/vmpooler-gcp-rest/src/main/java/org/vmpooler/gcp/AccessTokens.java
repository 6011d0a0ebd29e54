package org.vmpooler.gcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import org.vmpooler.config.ConfigException;

/**
 * OAuth access tokens for the Google APIs, from the credentials Google's libraries find: a key file named by the
 * plugin's {@code credentials_file}, else Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS},
 * gcloud's user credentials, the metadata server of a GCE/GKE host). Tokens are refreshed before they expire and
 * never appear in a log or an error; {@link #toString()} names the identity instead.
 */
public final class AccessTokens {
    static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final GoogleCredentials credentials;
    private final String identity;

    private AccessTokens(GoogleCredentials credentials, String identity) {
        this.credentials = credentials;
        this.identity = identity;
    }

    /** Loads the credentials once at start; a missing or unreadable key stops the start naming the key. */
    public static AccessTokens load(Optional<Path> credentialsFile, String owner) {
        try {
            GoogleCredentials credentials;
            String source;
            if (credentialsFile.isPresent()) {
                try (InputStream in = Files.newInputStream(credentialsFile.get())) {
                    credentials = GoogleCredentials.fromStream(in);
                }
                source = "credentials_file " + credentialsFile.get();
            } else {
                credentials = GoogleCredentials.getApplicationDefault();
                source = System.getenv("GOOGLE_APPLICATION_CREDENTIALS") != null
                        ? "GOOGLE_APPLICATION_CREDENTIALS " + System.getenv("GOOGLE_APPLICATION_CREDENTIALS")
                        : "application default credentials";
            }
            String who = credentials instanceof ServiceAccountCredentials sa ? sa.getClientEmail() : "";
            return new AccessTokens(credentials.createScoped(SCOPES),
                    who.isEmpty() ? source : "service account " + who + " (" + source + ")");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(owner + ": no usable Google credentials ("
                    + credentialsFile.map(f -> "credentials_file " + f).orElse(
                            "set GOOGLE_APPLICATION_CREDENTIALS, or run on a host with a service account")
                    + "): " + e.getMessage());
        }
    }

    /** A current access token, refreshed when it is about to expire. */
    String bearer() {
        try {
            synchronized (credentials) {
                credentials.refreshIfExpired();
                return credentials.getAccessToken().getTokenValue();
            }
        } catch (IOException | RuntimeException e) {
            throw new GoogleApiException(401, List.of("credentials"), "could not get an access token for " + identity
                    + ": " + e.getMessage());
        }
    }

    /** Who calls the APIs, for messages (never a secret). */
    @Override
    public String toString() {
        return identity;
    }
}
