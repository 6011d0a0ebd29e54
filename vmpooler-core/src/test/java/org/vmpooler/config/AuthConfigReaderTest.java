package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigReaderTest {
    @TempDir
    Path dir;

    private LdapConfig ldap(String ldapSection) {
        return new LoaderFixture(dir).loadWith("""
                :auth:
                  provider: ldap
                  :ldap:
                """ + ldapSection.indent(4)).auth().orElseThrow().ldap().orElseThrow();
    }

    @Test
    void ldapWithSymbolKeysAsTheReferenceWritesThem() {
        LdapConfig ldap = ldap("""
                host: ldap.example.com
                port: 636
                base:
                  - ou=users,dc=example,dc=com
                  - ou=service accounts,dc=example,dc=com
                user_object: [uid, cn]
                service_account_hash:
                  :user_dn: cn=svc,dc=example,dc=com
                  :password: hunter2
                encryption:
                  :method: :simple_tls
                  :tls_options:
                    :ssl_version: TLSv1_2
                """);

        assertThat(ldap.host()).isEqualTo("ldap.example.com");
        assertThat(ldap.port()).isEqualTo(636);
        assertThat(ldap.bases()).containsExactly("ou=users,dc=example,dc=com",
                "ou=service accounts,dc=example,dc=com");
        assertThat(ldap.userObjects()).containsExactly("uid", "cn");
        assertThat(ldap.serviceAccount()).contains(new LdapConfig.ServiceAccount("cn=svc,dc=example,dc=com",
                "hunter2"));
        assertThat(ldap.encryption()).isEqualTo(LdapConfig.Encryption.SIMPLE_TLS);
        assertThat(ldap.tlsVersion()).contains("TLSv1_2");
    }

    @Test
    void ldapDefaultsToPort389AndStartTlsAndSplitsABaseStringOnWhiteSpace() {
        LdapConfig ldap = ldap("""
                host: ldap.example.com
                base: ou=a,dc=example ou=b,dc=example
                user_object: uid
                """);

        assertThat(ldap.port()).isEqualTo(389);
        assertThat(ldap.encryption()).isEqualTo(LdapConfig.Encryption.START_TLS);
        assertThat(ldap.bases()).containsExactly("ou=a,dc=example", "ou=b,dc=example");
        assertThat(ldap.userObjects()).containsExactly("uid");
        assertThat(ldap.serviceAccount()).isEmpty();
        assertThat(ldap.tlsVersion()).isEmpty();
    }

    @Test
    void plainLdapOnlyWhenConfiguredSo() {
        String base = """
                host: h
                base: dc=example
                user_object: uid
                encryption:
                """;
        assertThat(ldap(base + "  :method: :plain\n").encryption()).isEqualTo(LdapConfig.Encryption.PLAIN);
        assertThat(ldap(base + "  method: none\n").encryption()).isEqualTo(LdapConfig.Encryption.PLAIN);
        assertThat(ldap(base + "  :method: start_tls\n").encryption()).isEqualTo(LdapConfig.Encryption.START_TLS);
        assertThatThrownBy(() -> ldap(base + "  :method: :ssl\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("encryption > method").hasMessageContaining("':ssl'");
    }

    @Test
    void missingLdapKeysAreNamed() {
        assertThatThrownBy(() -> ldap("base: dc=example\nuser_object: uid\n"))
                .hasMessageContaining("missing required key :auth: > ldap > host");
        assertThatThrownBy(() -> ldap("host: h\nuser_object: uid\n"))
                .hasMessageContaining("missing required key :auth: > ldap > base");
        assertThatThrownBy(() -> ldap("host: h\nbase: dc=example\n"))
                .hasMessageContaining("missing required key :auth: > ldap > user_object");
        assertThatThrownBy(() -> ldap("host: h\nbase: b\nuser_object: uid\nservice_account_hash:\n  :user_dn: x\n"))
                .hasMessageContaining("missing required key :auth: > ldap > service_account_hash > password");
        assertThatThrownBy(() -> new LoaderFixture(dir).loadWith(":auth:\n  provider: ldap\n"))
                .hasMessageContaining("needs an :ldap: section");
    }

    @Test
    void dummyAuthIsRefusedUnlessDebugging() {
        LoaderFixture fixture = new LoaderFixture(dir).config(LoaderFixture.MINIMAL + """
                :auth:
                  provider: dummy
                """);
        assertThatThrownBy(fixture::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'dummy'").hasMessageContaining("VMPOOLER_DEBUG");

        assertThat(fixture.env("VMPOOLER_DEBUG", "1").load().auth())
                .contains(new AuthConfig("dummy", Optional.empty()));
    }

    @Test
    void administratorsAndPrivateReads() {
        AuthConfig auth = new LoaderFixture(dir).config(LoaderFixture.MINIMAL + """
                :auth:
                  provider: ldap
                  admin_users: [alice, bob]
                  admin_group: cn=admins,dc=example
                  private_reads: true
                  :ldap:
                    host: h
                    base: dc=example
                    user_object: uid
                    service_account_hash:
                      :user_dn: cn=svc
                      :password: pw
                """).load().auth().orElseThrow();

        assertThat(auth.admins()).isEqualTo(new AdminAccess(java.util.Set.of("alice", "bob"),
                Optional.of("cn=admins,dc=example"), false));
        assertThat(auth.privateReads()).isTrue();
    }

    @Test
    void byDefaultNobodyAdministersUnlessAnyTokenIsAskedFor() {
        LoaderFixture fixture = new LoaderFixture(dir).env("VMPOOLER_DEBUG", "1");
        assertThat(fixture.loadWith(":auth:\n  provider: dummy\n").auth().orElseThrow().admins())
                .isEqualTo(AdminAccess.NOBODY);
        assertThat(fixture.loadWith(":auth:\n  provider: dummy\n  admin_access: :any_token\n").auth()
                .orElseThrow().admins().anyToken()).isTrue();
        assertThatThrownBy(() -> fixture.loadWith(":auth:\n  provider: dummy\n  admin_access: everyone\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin_access");
    }

    @Test
    void anAdminGroupNeedsLdapWithAServiceAccount() {
        LoaderFixture fixture = new LoaderFixture(dir).env("VMPOOLER_DEBUG", "1");
        assertThatThrownBy(() -> fixture.loadWith(":auth:\n  provider: dummy\n  admin_group: cn=a\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("service_account_hash");
        assertThatThrownBy(() -> fixture.loadWith("""
                :auth:
                  provider: ldap
                  admin_group: cn=a
                  :ldap:
                    host: h
                    base: dc=example
                    user_object: uid
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("service_account_hash");
    }

    @Test
    void anUnknownAuthProviderIsAnError() {
        assertThatThrownBy(() -> new LoaderFixture(dir).loadWith(":auth:\n  provider: kerberos\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(":auth: > provider")
                .hasMessageContaining("'kerberos'");
    }

    @Test
    void ldapVariablesOverrideTheFile() {
        LdapConfig ldap = new LoaderFixture(dir).env("LDAP_HOST", "other").env("LDAP_PORT", "1389")
                .config(LoaderFixture.MINIMAL + """
                        :auth:
                          provider: ldap
                          :ldap:
                            host: h
                            base: dc=example
                            user_object: uid
                        """).load().auth().orElseThrow().ldap().orElseThrow();

        assertThat(ldap.host()).isEqualTo("other");
        assertThat(ldap.port()).isEqualTo(1389);
    }
}
