package org.vmpooler.api.auth;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.config.LdapConfig;

/**
 * {@code provider: ldap}. For every base (outer) and user object (inner), until one succeeds: either a simple
 * bind as {@code <user_object>=<user>,<base>}, or, with a service account, a bind as that account, a search for
 * {@code (<user_object>=<user>)} under the base, and a bind as the one entry found. The user name is escaped in
 * the DN and the filter, and the connection is TLS (LDAPS or StartTLS, server certificate and host name
 * verified against the given trust) unless {@code encryption} says plain. When no server could be reached at
 * all the caller gets a 503 rather than a misleading "wrong password".
 */
public final class LdapAuthenticator implements PasswordAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(LdapAuthenticator.class);
    private static final int TIMEOUT_MILLIS = 10_000;
    /** The LDAP way to ask for no attributes: only the entry's DN is needed. */
    private static final String NO_ATTRIBUTES = "1.1";

    private final LdapConfig config;
    private final SSLSocketFactory tls;
    private final LDAPConnectionOptions options = new LDAPConnectionOptions();

    /** Trusts the JVM's default trust store ({@code javax.net.ssl.trustStore} selects another). */
    public static LdapAuthenticator withDefaultTrust(LdapConfig config) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new LdapAuthenticator(config, x509);
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager for LDAP over TLS");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JVM's trust store for LDAP over TLS", e);
        }
    }

    public LdapAuthenticator(LdapConfig config, X509TrustManager trust) {
        this.config = config;
        this.tls = socketFactory(config, trust);
        options.setConnectTimeoutMillis(TIMEOUT_MILLIS);
        options.setResponseTimeoutMillis(TIMEOUT_MILLIS);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    }

    @Override
    public boolean authenticate(String user, String password) {
        if (user.isBlank() || password.isEmpty()) {
            return false;
        }
        LDAPException unreachable = null;
        boolean reached = false;
        for (String base : config.bases()) {
            for (String userObject : config.userObjects()) {
                try {
                    if (attempt(base, userObject, user, password)) {
                        LOG.info("LDAP authenticated {} with {} under {}", user, userObject, base);
                        return true;
                    }
                    reached = true;
                } catch (LDAPException e) {
                    if (isConnectionProblem(e)) {
                        unreachable = e;
                        LOG.warn("LDAP server {}:{} unusable while authenticating {}: {}", config.host(),
                                config.port(), user, e.getMessage());
                    } else {
                        reached = true;
                    }
                }
            }
        }
        if (!reached && unreachable != null) {
            throw ApiError.withMessage(503, "The authentication service is unavailable");
        }
        LOG.info("LDAP refused {}", user);
        return false;
    }

    /**
     * Whether {@code user} belongs to the group entry {@code groupDn}: named in its {@code member} or
     * {@code uniqueMember} by DN (the user's entries found as for a login with the service account) or in its
     * {@code memberUid} by name. Read with the service account, which the configuration requires for a group; a 503
     * when the directory cannot be reached.
     */
    public boolean isMember(String user, String groupDn) {
        LdapConfig.ServiceAccount account = config.serviceAccount().orElseThrow(() -> new IllegalStateException(
                "an LDAP admin group is read with :service_account_hash:, which is not configured"));
        try (LDAPConnection connection = connect()) {
            if (!bind(connection, account.userDn(), account.password())) {
                LOG.error("LDAP refused the service account {}: check :service_account_hash:", account.userDn());
                return false;
            }
            List<Filter> listings = new ArrayList<>(List.of(Filter.createEqualityFilter("memberUid", user)));
            for (String base : config.bases()) {
                for (String userObject : config.userObjects()) {
                    for (SearchResultEntry entry : connection.search(base, SearchScope.SUB,
                            Filter.createEqualityFilter(userObject, user), NO_ATTRIBUTES).getSearchEntries()) {
                        listings.add(Filter.createEqualityFilter("member", entry.getDN()));
                        listings.add(Filter.createEqualityFilter("uniqueMember", entry.getDN()));
                    }
                }
            }
            return connection.search(groupDn, SearchScope.BASE, Filter.createORFilter(listings), NO_ATTRIBUTES)
                    .getEntryCount() > 0;
        } catch (LDAPException e) {
            if (isConnectionProblem(e)) {
                LOG.warn("LDAP server {}:{} unusable while reading the group {}: {}", config.host(), config.port(),
                        groupDn, e.getMessage());
                throw ApiError.withMessage(503, "The authentication service is unavailable");
            }
            LOG.warn("LDAP could not read the group {} for {}: {}", groupDn, user, e.getMessage());
            return false;
        }
    }

    /** False when the directory refused these credentials; an exception when it could not be asked. */
    private boolean attempt(String base, String userObject, String user, String password) throws LDAPException {
        try (LDAPConnection connection = connect()) {
            String userDn;
            if (config.serviceAccount().isPresent()) {
                LdapConfig.ServiceAccount account = config.serviceAccount().get();
                if (!bind(connection, account.userDn(), account.password())) {
                    LOG.error("LDAP refused the service account {}: check :service_account_hash:", account.userDn());
                    return false;
                }
                SearchResult found = connection.search(base, SearchScope.SUB,
                        Filter.createEqualityFilter(userObject, user), NO_ATTRIBUTES);
                if (found.getEntryCount() != 1) {
                    return false;
                }
                userDn = found.getSearchEntries().getFirst().getDN();
            } else {
                userDn = new DN(new RDN(userObject, user), new DN(base)).toString();
            }
            return bind(connection, userDn, password);
        }
    }

    private static boolean bind(LDAPConnection connection, String dn, String password) throws LDAPException {
        try {
            connection.bind(dn, password);
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.NO_SUCH_OBJECT
                    || e.getResultCode() == ResultCode.INVALID_DN_SYNTAX) {
                return false;
            }
            throw e;
        }
    }

    private LDAPConnection connect() throws LDAPException {
        return switch (config.encryption()) {
            case PLAIN -> new LDAPConnection(options, config.host(), config.port());
            case SIMPLE_TLS -> new LDAPConnection(tls, options, config.host(), config.port());
            case START_TLS -> startTls(new LDAPConnection(options, config.host(), config.port()));
        };
    }

    private LDAPConnection startTls(LDAPConnection connection) throws LDAPException {
        try {
            ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(tls));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPException(ResultCode.CONNECT_ERROR,
                        "StartTLS refused: " + result.getResultCode() + " " + result.getDiagnosticMessage());
            }
            return connection;
        } catch (LDAPException e) {
            connection.close();
            // Whatever the server's reason, the connection cannot be secured: never go on in plain text.
            throw e.getResultCode() == ResultCode.CONNECT_ERROR ? e
                    : new LDAPException(ResultCode.CONNECT_ERROR, "StartTLS failed: " + e.getMessage(), e);
        }
    }

    private static boolean isConnectionProblem(LDAPException e) {
        return !e.getResultCode().isConnectionUsable();
    }

    /**
     * {@code tls_options: ssl_version: TLSv1_2} (Ruby's spelling) caps the protocol at that version, as the
     * reference's OpenSSL option does; without it the JVM's defaults apply.
     */
    private static SSLSocketFactory socketFactory(LdapConfig config, X509TrustManager trust) {
        String protocol = config.tlsVersion().map(v -> v.trim().replace('_', '.')).orElse("TLS");
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, new TrustManager[] {trust}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(":auth: > :ldap: > :encryption: > :tls_options: > ssl_version '"
                    + config.tlsVersion().orElse("") + "' is not a TLS version this JVM supports (e.g. TLSv1_2, "
                    + "TLSv1_3)", e);
        }
    }
}
