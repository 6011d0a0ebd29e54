package org.vmpooler.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/**
 * What every DNS plugin must do, run by each plugin module against its real back end (extend this class, as
 * the stores extend the store contract suites). Each test uses names of its own, so one back end (one zone)
 * serves the whole class.
 */
public abstract class DnsPluginContract {

    /** The plugin under test, working on {@link #domain()}. */
    protected abstract DnsPlugin plugin();

    /** The domain the plugin's records are made in. */
    protected abstract String domain();

    /** The addresses the back end holds for the name now, read the way a client would (a query, an API). */
    protected abstract Set<String> addresses(String fqdn);

    /** Someone other than vmpooler points the name at {@code ip}, replacing its address records. */
    protected abstract void setElsewhere(String fqdn, String ip);

    /** A plugin on the same back end that the back end refuses (a wrong key or credentials). */
    protected abstract DnsPlugin refusedPlugin();

    /** What the refusal's message must name so that it can be fixed (the zone, the key …). */
    protected abstract List<String> refusalMentions();

    protected VmAddress newVm(String ip) {
        return VmAddress.of("contract-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36),
                domain(), ip);
    }

    @Test
    void createMakesTheRecord() {
        VmAddress vm = newVm("10.20.0.1");
        plugin().createOrReplaceRecord(vm);
        assertThat(addresses(vm.fqdn())).containsExactly("10.20.0.1");
    }

    @Test
    void createReplacesTheVmsOldAddress() {
        VmAddress vm = newVm("10.20.0.2");
        plugin().createOrReplaceRecord(vm);
        plugin().createOrReplaceRecord(new VmAddress(vm.vmName(), vm.fqdn(), "10.20.0.3"));
        assertThat(addresses(vm.fqdn())).containsExactly("10.20.0.3");
    }

    @Test
    void createReplacesAnAddressSetBySomeoneElse() {
        VmAddress vm = newVm("10.20.0.4");
        setElsewhere(vm.fqdn(), "192.0.2.44");
        plugin().createOrReplaceRecord(vm);
        assertThat(addresses(vm.fqdn())).containsExactly("10.20.0.4");
    }

    @Test
    void deleteRemovesTheRecord() {
        VmAddress vm = newVm("10.20.0.5");
        plugin().createOrReplaceRecord(vm);
        plugin().deleteRecord(vm);
        assertThat(addresses(vm.fqdn())).isEmpty();
    }

    @Test
    void deletingARecordThatIsNotThereSucceeds() {
        VmAddress vm = newVm("10.20.0.6");
        plugin().deleteRecord(vm);
        plugin().createOrReplaceRecord(vm);
        plugin().deleteRecord(vm);
        plugin().deleteRecord(vm);
        assertThat(addresses(vm.fqdn())).isEmpty();
    }

    @Test
    void deleteLeavesARecordThatSomeoneElsePointedElsewhere() {
        VmAddress vm = newVm("10.20.0.7");
        plugin().createOrReplaceRecord(vm);
        setElsewhere(vm.fqdn(), "192.0.2.77");
        plugin().deleteRecord(vm);
        assertThat(addresses(vm.fqdn())).containsExactly("192.0.2.77");
    }

    @Test
    void deleteTouchesNoOtherName() {
        VmAddress gone = newVm("10.20.0.8");
        VmAddress kept = newVm("10.20.0.9");
        plugin().createOrReplaceRecord(gone);
        plugin().createOrReplaceRecord(kept);
        plugin().deleteRecord(gone);
        assertThat(addresses(gone.fqdn())).isEmpty();
        assertThat(addresses(kept.fqdn())).containsExactly("10.20.0.9");
    }

    @Test
    void aRefusedCreateIsAClearError() {
        VmAddress vm = newVm("10.20.0.10");
        assertThatThrownBy(() -> refusedPlugin().createOrReplaceRecord(vm)).isInstanceOf(DnsException.class)
                .hasMessageContaining(vm.fqdn()).hasMessageContainingAll(refusalMentions().toArray(String[]::new));
        assertThat(addresses(vm.fqdn())).isEmpty();
    }

    @Test
    void aRefusedDeleteIsAClearErrorAndLeavesTheRecord() {
        VmAddress vm = newVm("10.20.0.11");
        plugin().createOrReplaceRecord(vm);
        assertThatThrownBy(() -> refusedPlugin().deleteRecord(vm)).isInstanceOf(DnsException.class)
                .hasMessageContaining(vm.fqdn()).hasMessageContainingAll(refusalMentions().toArray(String[]::new));
        assertThat(addresses(vm.fqdn())).containsExactly("10.20.0.11");
    }
}
