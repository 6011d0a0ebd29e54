package org.vmpooler.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ConfigException;

class LogSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToTheConsole() {
        LogSetup.configure(Optional.empty(), false, LogFormat.TEXT);
    }

    @Test
    void theLogfileGetsTheReferencesLineFormatAppended() throws Exception {
        Path logfile = dir.resolve("vmpooler.log");
        Files.writeString(logfile, "an earlier line\n");

        LogSetup.configure(Optional.of(logfile.toString()), false, LogFormat.TEXT);
        LoggerFactory.getLogger("org.vmpooler.manager.check.PendingCheck").info("[>] [{}] '{}' is ready", "debian", "vm1");
        LoggerFactory.getLogger("org.vmpooler.manager").debug("not at the default level");
        assertThat(LogSetup.flush(Duration.ofSeconds(5))).isTrue();

        List<String> lines = Files.readAllLines(logfile);
        assertThat(lines).hasSize(2).first().isEqualTo("an earlier line");
        assertThat(lines.get(1)).matches("\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] \\[>] \\[debian] 'vm1' is ready");
    }

    @Test
    void jsonFormatWritesOneObjectPerLine() throws Exception {
        Path logfile = dir.resolve("vmpooler.json.log");

        LogSetup.configure(Optional.of(logfile.toString()), false, LogFormat.JSON);
        LoggerFactory.getLogger("org.vmpooler.manager.check.ReadyCheck").warn("[!] [{}] '{}' went away", "debian", "vm2");
        assertThat(LogSetup.flush(Duration.ofSeconds(5))).isTrue();

        List<String> lines = Files.readAllLines(logfile);
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.getFirst());
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("[!] [debian] 'vm2' went away");
        assertThat(line.get("loggerName").asText()).isEqualTo("org.vmpooler.manager.check.ReadyCheck");
    }

    @Test
    void debugAlsoLogsDebugLines() throws Exception {
        Path logfile = dir.resolve("debug.log");

        LogSetup.configure(Optional.of(logfile.toString()), true, LogFormat.TEXT);
        LoggerFactory.getLogger("org.vmpooler.manager").debug("a detail");
        assertThat(LogSetup.flush(Duration.ofSeconds(5))).isTrue();

        assertThat(Files.readString(logfile)).contains("] a detail");
    }

    @Test
    void anUnwritableLogfileIsAConfigurationErrorNamingIt() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        String logfile = notADirectory.resolve("vmpooler.log").toString();

        assertThatThrownBy(() -> LogSetup.configure(Optional.of(logfile), false, LogFormat.TEXT))
                .isInstanceOf(ConfigException.class).hasMessageContaining(logfile).hasMessageContaining("logfile");
    }

    @Test
    void aLogfileInAFolderThatDoesNotExistIsAnErrorAndNoFolderIsMade() {
        Path folder = dir.resolve("Users").resolve("someone");
        String logfile = folder.resolve("vmpooler.log").toString();

        assertThatThrownBy(() -> LogSetup.configure(Optional.of(logfile), false, LogFormat.TEXT))
                .isInstanceOf(ConfigException.class).hasMessageContaining("folder " + folder)
                .hasMessageContaining("does not exist").hasMessageContaining("mkdir -p");
        assertThatThrownBy(() -> LogSetup.checkLogfile(Optional.of(logfile))).isInstanceOf(ConfigException.class);
        assertThat(dir.resolve("Users")).doesNotExist();
    }

    @Test
    void theFormatIsTextOrJson() {
        assertThat(LogFormat.parse(Optional.empty())).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse(Optional.of("JSON"))).isEqualTo(LogFormat.JSON);
        assertThatThrownBy(() -> LogFormat.parse(Optional.of("xml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("log_format").hasMessageContaining("xml");
    }
}
