package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class UnknownKeyWarningsTest {
    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger("org.vmpooler.config");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<String> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void misspeltKeysInKnownSectionsAreWarnedAboutNotFatal() {
        VmpoolerConfig config = new LoaderFixture(dir).loadWith("""
                :config:
                  task_limt: 3
                :redis:
                  sever: r
                :graphs:
                  server: g
                  colour: blue
                :rate_limits:
                  vm_creations:
                    limit: 1
                :metrics:
                  anything: 1
                """);

        assertThat(config.global().provisioning().taskLimit()).isEqualTo(10);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("'task_limt'").contains(":config:"))
                .anySatisfy(w -> assertThat(w).contains("'sever'").contains(":redis:"))
                .anySatisfy(w -> assertThat(w).contains("'colour'").contains(":graphs:"))
                .anySatisfy(w -> assertThat(w).contains("'vm_creations'").contains(":rate_limits:"))
                .anySatisfy(w -> assertThat(w).contains(":metrics:").contains("top-level"));
    }

    @Test
    void keysTheReferenceKnowsButDoesNotUseAreAcceptedQuietly() {
        new LoaderFixture(dir).loadWith("""
                :config:
                  max_request_age: 100
                  purge_unconfigured_folders: true
                  manage_host_selection: true
                  adaptive_timeout_enabled: false
                :redis:
                  username: u
                  dlq_enabled: true
                """);

        assertThat(warnings()).isEmpty();
    }

    @Test
    void environmentVariablesForAnAbsentSectionAreWarnedAbout() {
        new LoaderFixture(dir).config(LoaderFixture.MINIMAL).env("STATSD_PORT", "1").env("LDAP_HOST", "h").load();

        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("STATSD_PORT").contains("ignored"))
                .anySatisfy(w -> assertThat(w).contains("LDAP_HOST").contains("ignored"));
    }
}
