package org.vmpooler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.EmptyStorePolicy;

/**
 * The systemd units: systemd itself reads them without a complaint (systemd-analyze verify, with ExecStart
 * pointed at this checkout's launcher, since /opt/vmpooler is not installed here), they run the right role and
 * they carry the hardening the deployment guide promises.
 */
class SystemdUnitsTest {
    private static final List<String> HARDENING = List.of("DynamicUser=yes", "NoNewPrivileges=yes", "CapabilityBoundingSet=",
            "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes", "ProtectControlGroups=yes", "RestrictNamespaces=yes", "RestrictSUIDSGID=yes",
            "LockPersonality=yes", "SystemCallFilter=@system-service", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX");

    @TempDir
    Path dir;

    @Test
    void systemdAcceptsBothUnitsWithoutAWarning() throws Exception {
        for (String role : List.of("api", "manager")) {
            String unit = Files.readString(Repo.DEPLOY.resolve("systemd/vmpooler-" + role + ".service"));
            Path copy = dir.resolve("vmpooler-" + role + ".service");
            Files.writeString(copy, unit.replace("ExecStart=/opt/vmpooler/bin/vmpooler",
                    "ExecStart=" + Repo.ROOT.resolve("bin/vmpooler")));

            Repo.Result verify = Repo.run(Duration.ofMinutes(1), "systemd-analyze", "verify", copy.toString());

            assertThat(verify.exitCode()).isZero();
            assertThat(verify.output()).as("systemd-analyze verify of the %s unit", role).isBlank();
        }
    }

    @Test
    void eachUnitRunsItsRoleHardened() throws Exception {
        for (String role : List.of("api", "manager")) {
            List<String> lines = Files.readAllLines(Repo.DEPLOY.resolve("systemd/vmpooler-" + role + ".service"));
            assertThat(lines).contains("ExecStart=/opt/vmpooler/bin/vmpooler " + role,
                    "Environment=VMPOOLER_JAR=/opt/vmpooler/lib/vmpooler.jar",
                    "Environment=VMPOOLER_PLUGIN_PATH=/opt/vmpooler/plugins", "EnvironmentFile=-/etc/vmpooler/vmpooler.env")
                    .containsAll(HARDENING);
        }
    }

    /** A manager stopped because the store lost its data would only stop again: systemd leaves it stopped. */
    @Test
    void theManagerIsNotRestartedAfterStoppingForALostStore() throws Exception {
        List<String> lines = Files.readAllLines(Repo.DEPLOY.resolve("systemd/vmpooler-manager.service"));
        assertThat(lines).contains("Restart=on-failure",
                "RestartPreventExitStatus=" + EmptyStorePolicy.STOP_EXIT_STATUS);
    }
}
