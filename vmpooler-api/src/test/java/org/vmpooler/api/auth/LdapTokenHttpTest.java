package org.vmpooler.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.config.AdminAccess;
import org.vmpooler.config.AuthConfig;
import org.vmpooler.config.LdapConfig;
import org.vmpooler.config.LdapConfig.Encryption;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** {@code provider: ldap} wired into the server: floaty's {@code token get} against a real directory. */
class LdapTokenHttpTest extends ApiTestBase {
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private InMemoryDirectoryServer directory;

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @BeforeEach
    void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.addAdditionalBindCredentials("cn=service,dc=example,dc=com", "service-pw");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("plain",
                InetAddress.getByName("127.0.0.1"), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
        directory.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: uid=alice," + PEOPLE, "objectClass: inetOrgPerson", "uid: alice", "cn: Alice",
                "sn: A", "userPassword: alice-pw");
        directory.add("dn: cn=vmpooler-admins," + PEOPLE, "objectClass: groupOfNames", "cn: vmpooler-admins",
                "member: uid=alice," + PEOPLE);
        directory.startListening();
    }

    @AfterEach
    void stopDirectory() {
        directory.shutDown(true);
    }

    private void startWith(Encryption encryption) {
        LdapConfig ldap = new LdapConfig("127.0.0.1", directory.getListenPort(), List.of(PEOPLE), List.of("uid"),
                Optional.empty(), encryption, Optional.empty());
        start(new TestConfig().auth(new AuthConfig("ldap", Optional.of(ldap))).pool("debian", 1));
    }

    private Response issue(String user, String password) {
        return send("POST", "/api/v3/token", "", Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void membersOfTheAdminGroupMayResizePoolsAndOthersMayNot() {
        LdapConfig ldap = new LdapConfig("127.0.0.1", directory.getListenPort(), List.of(PEOPLE), List.of("uid"),
                Optional.of(new LdapConfig.ServiceAccount("cn=service,dc=example,dc=com", "service-pw")),
                Encryption.PLAIN, Optional.empty());
        AdminAccess admins = new AdminAccess(Set.of(), Optional.of("cn=vmpooler-admins," + PEOPLE), false);
        start(new TestConfig().auth(new AuthConfig("ldap", Optional.of(ldap), admins, false)).experimentalFeatures()
                .pool("debian", 1));
        token("alice-token", "alice");
        token("bob-token", "bob");

        assertThat(send("POST", "/api/v3/config/poolsize", "{\"debian\": 3}", Map.of("X-AUTH-TOKEN", "bob-token"))
                .status()).isEqualTo(403);
        assertThat(send("POST", "/api/v3/config/poolsize", "{\"debian\": 3}", Map.of("X-AUTH-TOKEN", "alice-token"))
                .status()).isEqualTo(201);
    }

    @Test
    void issuesTokensToUsersTheDirectoryAccepts() {
        startWith(Encryption.PLAIN);

        Response accepted = issue("alice", "alice-pw");

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(store.token(accepted.json().get("token").asText()).flatMap(record -> record.user()))
                .contains("alice");
        assertThat(issue("alice", "wrong").status()).isEqualTo(401);
        assertThat(issue("alice", "").status()).isEqualTo(401);
        assertThat(issue("mallory", "alice-pw").status()).isEqualTo(401);
        assertThat(store.tokensOf("alice")).hasSize(1);
    }

    @Test
    void aDirectoryThatCannotBeSecuredIsUnavailableNotAWrongPassword() {
        startWith(Encryption.START_TLS);

        Response response = issue("alice", "alice-pw");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("error").asText()).isEqualTo("The authentication service is unavailable");
        assertThat(store.tokensOf("alice")).isEmpty();
    }
}
