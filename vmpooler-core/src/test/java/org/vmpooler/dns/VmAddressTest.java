package org.vmpooler.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VmAddressTest {

    @Test
    void theFqdnIsTheNameInTheDomainInLowerCase() {
        VmAddress vm = VmAddress.of("Poolvm-Brave-Otter", "VM.Example.com", "10.0.0.7");
        assertThat(vm.vmName()).isEqualTo("poolvm-brave-otter");
        assertThat(vm.fqdn()).isEqualTo("poolvm-brave-otter.vm.example.com");
        assertThat(vm.domain()).isEqualTo("vm.example.com");
        assertThat(vm.ipv6()).isFalse();
    }

    @Test
    void ipv6AddressesAreAddresses() {
        VmAddress vm = VmAddress.of("otter", "example.com", "2001:db8::7");
        assertThat(vm.ipv6()).isTrue();
        assertThat(vm.inetAddress().getAddress()).hasSize(16);
    }

    @Test
    void onlyLiteralAddressesAndSingleLabelNamesAreAccepted() {
        assertThatThrownBy(() -> VmAddress.of("otter", "example.com", "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'localhost' is not an IP address");
        assertThatThrownBy(() -> VmAddress.of("otter", "example.com", "10.0.0.256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VmAddress.of("otter", "example.com", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VmAddress.of("ot.ter", "example.com", "10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> new VmAddress("otter", "beaver.example.com", "10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("followed by its domain");
    }
}
