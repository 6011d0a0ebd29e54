package org.vmpooler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.cli.support.CliRun;
import org.vmpooler.cli.support.CliServerTestBase;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/** modify, delete, snapshot, revert, disk, list --active and summary on VMs checked out with the CLI. */
class VmCommandsTest extends CliServerTestBase {
    private static final String POOL = "debian-12-x86_64";

    @BeforeEach
    void serverWithReadyVms() {
        startServer();
        simpleConfig();
        ready(POOL, "poolvm-witty-lemur");
        ready(POOL, "poolvm-sad-mole");
        ready(POOL, "poolvm-quick-kite");
    }

    private List<String> checkOut(int count) {
        assertThat(run("get", POOL + "=" + count).exit()).isZero();
        return store.runningVmsOfToken(TOKEN, List.of(POOL));
    }

    @Test
    void modifyChangesLifetimeAndTagsInOnePut() {
        String vm = checkOut(1).getFirst();

        CliRun run = run("modify", vm, "--lifetime", "2", "--tags", "{\"project\":\"p2\"}");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Modified " + vm + "\n");
        VmRecord record = store.vm(vm).orElseThrow();
        assertThat(record.field(VmRecord.Field.LIFETIME)).contains("2");
        assertThat(run("query", vm, "--json").out()).contains("\"project\" : \"p2\"");
    }

    @Test
    void modifyFailuresExitNonZeroWithTheServersReason() {
        String vm = checkOut(1).getFirst();

        CliRun refusedTag = run("modify", vm, "--tags", "{\"notallowed\":\"x\"}");
        CliRun unknown = run("modify", "poolvm-nobody", "--lifetime", "3");

        assertThat(refusedTag.exit()).isEqualTo(1);
        assertThat(refusedTag.err()).contains("modifying " + vm + " failed (HTTP 400)").contains("notallowed");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown VM: poolvm-nobody (HTTP 404)");
    }

    @Test
    void modifyRejectsBadInputBeforeSendingAnything() {
        assertThat(run("modify", "poolvm-sad-mole", "--tags", "{not json").err()).contains("--tags is not valid JSON");
        assertThat(run("modify", "poolvm-sad-mole", "--tags", "[1]").exit()).isEqualTo(2);
        CliRun nothing = run("modify", "poolvm-sad-mole");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to change");
    }

    @Test
    void modifyDiskCallsTheDiskRoute() {
        String vm = checkOut(1).getFirst();

        CliRun run = run("modify", vm, "--disk", "8", "--json");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\"disk\" : \"+8gb\"");
    }

    @Test
    void modifyAllChangesEveryVmOfTheToken() {
        List<String> vms = checkOut(2);

        CliRun run = run("modify", "--all", "--lifetime", "5");

        assertThat(run.exit()).isZero();
        vms.forEach(vm -> assertThat(store.vm(vm).orElseThrow().field(VmRecord.Field.LIFETIME)).contains("5"));
    }

    @Test
    void deleteGivesBackSeveralVmsShortOrFqdn() {
        List<String> vms = checkOut(2);

        CliRun run = run("delete", vms.get(0) + "," + vms.get(1) + ".example.com");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Scheduled the following VMs for deletion:\n- " + vms.get(0) + "\n- "
                + vms.get(1) + ".example.com\n");
        assertThat(store.vms(POOL, VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(vms);
    }

    @Test
    void deleteOfAnUnknownVmFailsButDeletesTheOthers() {
        String vm = checkOut(1).getFirst();

        CliRun run = run("delete", "poolvm-nobody", vm, "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("[ \"" + vm + "\" ]");
        assertThat(run.err()).contains("Unable to delete the following VMs:").contains("- poolvm-nobody: unknown VM");
        assertThat(store.vms(POOL, VmState.COMPLETED)).containsExactly(vm);
    }

    @Test
    void deleteWithABadTokenOfAVmCheckedOutWithOneIsAnAuthenticationFailure() {
        String vm = checkOut(1).getFirst();

        CliRun run = run("delete", vm, "--token", "badtoken");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("- " + vm + ": the server rejected the token").contains("HTTP 401");
        assertThat(store.vms(POOL, VmState.RUNNING)).containsExactly(vm);
    }

    @Test
    void deleteAllNeedsConfirmationOrForce() {
        List<String> vms = checkOut(2);

        CliRun unconfirmed = run("delete", "--all");
        CliRun declined = run(Map.of(), new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)), true,
                "delete", "--all");
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("add --force");
        assertThat(declined.exit()).isEqualTo(1);
        assertThat(store.vms(POOL, VmState.COMPLETED)).isEmpty();

        CliRun confirmed = run(Map.of(), new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), true,
                "delete", "--all");
        assertThat(confirmed.exit()).isZero();
        assertThat(store.vms(POOL, VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(vms);
        assertThat(run("delete", "--all", "-f").out()).isEqualTo("You have no running VMs.\n");
    }

    @Test
    void listActiveDescribesTheTokensVms() {
        String vm = checkOut(1).getFirst();
        run("modify", vm, "--tags", "{\"project\":\"p2\"}");

        assertThat(run("list", "--active").out())
                .isEqualTo("- " + vm + ".example.com (running, debian-12-x86_64, 0.0/24 hours, project: p2)\n");
        assertThat(run("list", "--active", "--hostnameonly").out()).isEqualTo(vm + ".example.com\n");
        assertThat(run("list", "--active", "--json").out()).contains("\"" + vm + "\" : {").contains("\"state\" : \"running\"");
    }

    @Test
    void listActiveWithNothingRunningOrABadToken() {
        assertThat(run("list", "--active").out()).isEqualTo("You have no running VMs on 127.0.0.1\n");
        CliRun bad = run("list", "--active", "--token", "badtoken");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("the server does not know the token");
    }

    @Test
    void snapshotThenRevert() {
        String vm = checkOut(1).getFirst();

        CliRun snapshot = run("snapshot", vm);
        assertThat(snapshot.exit()).isZero();
        // Only the name on standard output: S=$(vmpooler snapshot H); vmpooler revert H "$S"
        assertThat(snapshot.out()).matches("[a-z0-9]{32}\\n");
        String name = snapshot.out().strip();
        assertThat(snapshot.err()).isEqualTo("Snapshot " + name + " of " + vm + " pending\n");
        // What the manager records once the provider has taken it.
        store.setVmFields(vm, Map.of("snapshot:" + name, "2026-11-23 21:25:00 +0000"));
        CliRun revert = run("revert", vm, name);
        CliRun revertByOption = run("revert", vm, "--snapshot", name, "--json");

        assertThat(revert.out()).isEqualTo("Reverting " + vm + " to snapshot " + name + "\n");
        assertThat(revertByOption.out()).contains("\"ok\" : true");
    }

    @Test
    void snapshotAndRevertFailuresExitNonZero() {
        String vm = checkOut(1).getFirst();

        CliRun unknownVm = run("snapshot", "poolvm-nobody");
        CliRun unknownSnapshot = run("revert", vm, "nosuchsnapshot");

        assertThat(unknownVm.exit()).isEqualTo(1);
        assertThat(unknownVm.err()).contains("unknown VM: poolvm-nobody");
        assertThat(unknownSnapshot.exit()).isEqualTo(1);
        assertThat(unknownSnapshot.err()).contains(vm + " has no snapshot nosuchsnapshot");
        assertThat(run("revert", vm).exit()).isEqualTo(2);
    }

    @Test
    void diskAddsADiskOrFails() {
        String vm = checkOut(1).getFirst();

        assertThat(run("disk", vm, "8").out()).isEqualTo("Adding a 8 GB disk to " + vm + "\n");
        CliRun unknown = run("disk", "poolvm-nobody", "8");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown VM: poolvm-nobody");
        assertThat(run("disk", vm, "zero").exit()).isEqualTo(2);
    }

    @Test
    void summaryPrintsTheServersSummary() {
        CliRun text = run("summary");

        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("daily:").contains("date: '2026-11-23'");
        assertThat(run("summary", "--json").out()).contains("\"daily\" : [");
    }
}
