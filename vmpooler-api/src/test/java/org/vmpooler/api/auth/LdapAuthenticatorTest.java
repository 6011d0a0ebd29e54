package org.vmpooler.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.X509TrustManager;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.config.LdapConfig;
import org.vmpooler.config.LdapConfig.Encryption;
import org.vmpooler.config.LdapConfig.ServiceAccount;

/**
 * LDAP authentication against UnboundID's in-memory directory server, listening plain, LDAPS and with StartTLS
 * on 127.0.0.1, with a self-signed certificate generated for this run.
 */
class LdapAuthenticatorTest {
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String STAFF = "ou=staff,dc=example,dc=com";
    private static final String HOST = "localhost";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private static InMemoryDirectoryServer server;
    private static X509TrustManager trustTestCertificate;
    private static File keyStore;

    @BeforeAll
    static void startDirectory() throws Exception {
        keyStore = selfSignedCertificate();
        SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStore, PASSWORD, "PKCS12", null),
                new TrustAllTrustManager());
        trustTestCertificate = new TrustStoreTrustManager(keyStore, PASSWORD, "PKCS12", true);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("plain", loopback, 0, null),
                InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0,
                        serverTls.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, serverTls.createSSLServerSocketFactory(),
                        null));
        config.addAdditionalBindCredentials("cn=service,dc=example,dc=com", "service-pw");
        server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        server.add("dn: " + STAFF, "objectClass: top", "objectClass: organizationalUnit", "ou: staff");
        server.add("dn: uid=alice," + PEOPLE, "objectClass: inetOrgPerson", "uid: alice", "cn: Alice",
                "sn: A", "userPassword: alice-pw");
        server.add("dn: cn=bob," + STAFF, "objectClass: inetOrgPerson", "uid: robert", "cn: bob", "sn: B",
                "userPassword: bob-pw");
        server.add("dn: uid=o\\2c brien," + PEOPLE, "objectClass: inetOrgPerson", "uid: o, brien", "cn: OB",
                "sn: O", "userPassword: ob-pw");
        server.add("dn: cn=vmpooler-admins," + STAFF, "objectClass: groupOfNames", "cn: vmpooler-admins",
                "member: cn=bob," + STAFF);
        server.add("dn: cn=unique-admins," + STAFF, "objectClass: groupOfUniqueNames", "cn: unique-admins",
                "uniqueMember: uid=alice," + PEOPLE);
        server.startListening();
    }

    /** A key store holding a new key pair and its self-signed certificate for localhost and 127.0.0.1. */
    private static File selfSignedCertificate() throws Exception {
        File file = File.createTempFile("vmpooler-ldap-test", ".p12");
        file.delete();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        ResultCode result = ManageCertificates.main(null, messages, messages, "generate-self-signed-certificate",
                "--keystore", file.getPath(), "--keystore-password", new String(PASSWORD), "--keystore-type",
                "PKCS12", "--alias", "server", "--subject-dn", "CN=localhost", "--subject-alternative-name-dns",
                HOST, "--subject-alternative-name-ip-address", "127.0.0.1", "--days-valid", "2");
        assertThat(result).as(messages.toString()).isEqualTo(ResultCode.SUCCESS);
        return file;
    }

    @AfterAll
    static void stopDirectory() {
        server.shutDown(true);
        keyStore.delete();
    }

    private static LdapConfig config(String listener, Encryption encryption, List<String> bases,
                                     List<String> userObjects, Optional<ServiceAccount> account) {
        return new LdapConfig(HOST, server.getListenPort(listener), bases, userObjects, account, encryption,
                Optional.empty());
    }

    private static LdapAuthenticator plain(List<String> bases, List<String> userObjects) {
        return new LdapAuthenticator(config("plain", Encryption.PLAIN, bases, userObjects, Optional.empty()),
                trustTestCertificate);
    }

    private static LdapAuthenticator withServiceAccount(String password) {
        return new LdapAuthenticator(config("plain", Encryption.PLAIN, List.of(PEOPLE, STAFF), List.of("uid", "cn"),
                Optional.of(new ServiceAccount("cn=service,dc=example,dc=com", password))), trustTestCertificate);
    }

    @Test
    void bindsAsTheUserUnderTheBase() {
        LdapAuthenticator ldap = plain(List.of(PEOPLE), List.of("uid"));

        assertThat(ldap.authenticate("alice", "alice-pw")).isTrue();
        assertThat(ldap.authenticate("alice", "wrong")).isFalse();
        assertThat(ldap.authenticate("nobody", "alice-pw")).isFalse();
    }

    @Test
    void refusesAnEmptyPasswordThatTheServerWouldTakeAsAnAnonymousBind() {
        LdapAuthenticator ldap = plain(List.of(PEOPLE), List.of("uid"));

        assertThat(ldap.authenticate("alice", "")).isFalse();
        assertThat(ldap.authenticate("", "alice-pw")).isFalse();
    }

    @Test
    void triesEveryBaseWithEveryUserObject() {
        LdapAuthenticator ldap = plain(List.of(PEOPLE, STAFF), List.of("uid", "cn"));

        assertThat(ldap.authenticate("alice", "alice-pw")).isTrue();
        assertThat(ldap.authenticate("bob", "bob-pw")).isTrue();
        assertThat(ldap.authenticate("bob", "alice-pw")).isFalse();
    }

    @Test
    void aGroupMemberIsFoundByMemberOrUniqueMember() {
        LdapAuthenticator ldap = withServiceAccount("service-pw");
        String admins = "cn=vmpooler-admins," + STAFF;

        assertThat(ldap.isMember("bob", admins)).isTrue();
        assertThat(ldap.isMember("alice", admins)).isFalse();
        assertThat(ldap.isMember("alice", "cn=unique-admins," + STAFF)).isTrue();
        assertThat(ldap.isMember("*", admins)).isFalse();
        assertThat(ldap.isMember("bob", "cn=no-such-group," + STAFF)).isFalse();
        assertThat(withServiceAccount("wrong").isMember("bob", admins)).isFalse();
    }

    /** posixGroup is not in the in-memory server's default schema, so this directory runs without one. */
    @Test
    void aPosixGroupNamesItsMembersByUserName() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("plain",
                InetAddress.getByName("127.0.0.1"), 0, null));
        config.addAdditionalBindCredentials("cn=service,dc=example,dc=com", "service-pw");
        InMemoryDirectoryServer posix = new InMemoryDirectoryServer(config);
        try {
            posix.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
            posix.add("dn: cn=admins,dc=example,dc=com", "objectClass: posixGroup", "cn: admins", "memberUid: carol");
            posix.startListening();
            LdapAuthenticator ldap = new LdapAuthenticator(new LdapConfig(HOST, posix.getListenPort(),
                    List.of("dc=example,dc=com"), List.of("uid"),
                    Optional.of(new ServiceAccount("cn=service,dc=example,dc=com", "service-pw")), Encryption.PLAIN,
                    Optional.empty()), trustTestCertificate);

            assertThat(ldap.isMember("carol", "cn=admins,dc=example,dc=com")).isTrue();
            assertThat(ldap.isMember("dave", "cn=admins,dc=example,dc=com")).isFalse();
        } finally {
            posix.shutDown(true);
        }
    }

    @Test
    void escapesTheUserNameInTheDn() {
        LdapAuthenticator ldap = plain(List.of(PEOPLE), List.of("uid"));

        assertThat(ldap.authenticate("o, brien", "ob-pw")).isTrue();
        assertThat(ldap.authenticate("alice,ou=people", "alice-pw")).isFalse();
    }

    @Test
    void searchesWithTheServiceAccountThenBindsAsTheEntryFound() {
        LdapAuthenticator ldap = withServiceAccount("service-pw");

        assertThat(ldap.authenticate("alice", "alice-pw")).isTrue();
        assertThat(ldap.authenticate("robert", "bob-pw")).as("found by uid under the second base").isTrue();
        assertThat(ldap.authenticate("alice", "wrong")).isFalse();
        assertThat(ldap.authenticate("o, brien", "ob-pw")).isTrue();
    }

    @Test
    void escapesTheUserNameInTheSearchFilter() {
        LdapAuthenticator ldap = withServiceAccount("service-pw");

        assertThat(ldap.authenticate("*", "alice-pw")).isFalse();
        assertThat(ldap.authenticate("a*", "alice-pw")).isFalse();
        assertThat(ldap.authenticate("alice)(uid=*", "alice-pw")).isFalse();
    }

    @Test
    void refusesEveryoneWhenTheServiceAccountIsRefused() {
        assertThat(withServiceAccount("not-the-password").authenticate("alice", "alice-pw")).isFalse();
    }

    @Test
    void authenticatesOverLdaps() {
        LdapAuthenticator ldap = new LdapAuthenticator(config("ldaps", Encryption.SIMPLE_TLS, List.of(PEOPLE),
                List.of("uid"), Optional.empty()), trustTestCertificate);

        assertThat(ldap.authenticate("alice", "alice-pw")).isTrue();
        assertThat(ldap.authenticate("alice", "wrong")).isFalse();
    }

    @Test
    void authenticatesWithStartTls() {
        LdapAuthenticator ldap = new LdapAuthenticator(config("starttls", Encryption.START_TLS, List.of(PEOPLE),
                List.of("uid"), Optional.empty()), trustTestCertificate);

        assertThat(ldap.authenticate("alice", "alice-pw")).isTrue();
        assertThat(ldap.authenticate("alice", "wrong")).isFalse();
    }

    @Test
    void capsTheTlsVersionWhenConfigured() {
        LdapConfig config = new LdapConfig(HOST, server.getListenPort("ldaps"), List.of(PEOPLE), List.of("uid"),
                Optional.empty(), Encryption.SIMPLE_TLS, Optional.of("TLSv1_2"));

        assertThat(new LdapAuthenticator(config, trustTestCertificate).authenticate("alice", "alice-pw")).isTrue();
    }

    @Test
    void neverFallsBackToPlainTextWhenStartTlsFails() {
        LdapAuthenticator ldap = new LdapAuthenticator(config("plain", Encryption.START_TLS, List.of(PEOPLE),
                List.of("uid"), Optional.empty()), trustTestCertificate);

        assertThatThrownBy(() -> ldap.authenticate("alice", "alice-pw"))
                .isInstanceOfSatisfying(ApiError.class, error -> assertThat(error.status()).isEqualTo(503));
    }

    @Test
    void refusesAServerCertificateItDoesNotTrust() {
        LdapAuthenticator ldap = LdapAuthenticator.withDefaultTrust(config("ldaps", Encryption.SIMPLE_TLS,
                List.of(PEOPLE), List.of("uid"), Optional.empty()));

        assertThatThrownBy(() -> ldap.authenticate("alice", "alice-pw"))
                .isInstanceOfSatisfying(ApiError.class, error -> assertThat(error.status()).isEqualTo(503));
    }

    @Test
    void reportsAnUnreachableServerAsUnavailable() {
        LdapConfig config = new LdapConfig("127.0.0.1", 1, List.of(PEOPLE), List.of("uid"), Optional.empty(),
                Encryption.PLAIN, Optional.empty());

        assertThatThrownBy(() -> new LdapAuthenticator(config, trustTestCertificate).authenticate("alice", "pw"))
                .isInstanceOfSatisfying(ApiError.class, error -> assertThat(error.status()).isEqualTo(503));
    }
}
