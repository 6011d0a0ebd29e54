package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shipped plugin declares the keys it reads, so {@code check-config} names a misspelt one of its section (and
 * of a pool it serves) with the key meant, and passes its real keys in silence.
 */
class PluginKeysCheckTest {
    @TempDir
    Path dir;

    static Stream<Arguments> plugins() {
        return Stream.of(
                provider("vsphere", """
                        server: vcenter.example.com
                        username: pooler
                        password: secret
                        insecure: true
                        datacenter: dc1
                        connection_pool_size: 4
                        vsphere_timout: 30""", "vsphere_timout", "vsphere_timeout", """
                        folder: Pooled VMs/debian
                        datastore: ds1
                        network: vm-net
                        create_linked_clone: false
                        snapshot_mainMem_iowait: 0
                        datastor: ds1""", "datastor", "datastore"),
                provider("libvirt", """
                        uri: qemu:///system
                        memory_overcommit: 1.5
                        call_timeout: 60
                        storage_pol: default""", "storage_pol", "storage_pool", """
                        memory: 512
                        disk_bus: virtio
                        full_clone: true
                        vcpu: 2""", "vcpu", "vcpus"),
                provider("gce", """
                        project: lab-project
                        zone: us-west1-b
                        machine_type: e2-small
                        api_retries: 3
                        network_nam: lab""", "network_nam", "network_name", """
                        zone: us-west1-c
                        subnetwork_name: lab-sub
                        disk_typ: pd-ssd""", "disk_typ", "disk_type"),
                provider("ec2", """
                        region: us-east-1
                        instance_type: t3.micro
                        subnet_ids: [subnet-1]
                        poll_interval: 2
                        wait_timout: 300""", "wait_timout", "wait_timeout", """
                        volume_size: 20
                        spot: true
                        user_data: "#cloud-config"
                        volume_tipe: gp3""", "volume_tipe", "volume_type"),
                dns("gcp", """
                        project: lab-project
                        zone_name: lab-zone
                        ttl: 30
                        credential_file: /etc/key.json""", "credential_file", "credentials_file"),
                dns("route53", """
                        hosted_zone_id: Z0123456789ABCDEFGHIJ
                        poll_interval: 1
                        batch_windw: 0.5""", "batch_windw", "batch_window"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void aMisspeltKeyIsNamedWithTheKeyMeantAndTheRealKeysPass(String plugin, String yaml,
                                                              Map<String, String> misspelt) throws Exception {
        Path file = Files.writeString(dir.resolve("vmpooler.yaml"), yaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = ConfigCheckCommand.run(List.of(file.toString()), Map.of("VMPOOLER_PLUGIN_PATH", "none"), dir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));

        String output = out.toString(StandardCharsets.UTF_8);
        List<String> warnings = output.lines().filter(l -> l.startsWith("warning: ")).toList();
        assertThat(status).as(output).isZero();
        misspelt.forEach((typo, meant) -> assertThat(warnings).as(output).anySatisfy(w ->
                assertThat(w).contains("'" + typo + "'").contains("did you mean '" + meant + "'")));
        assertThat(warnings).as(output).hasSize(misspelt.size());
    }

    private static Arguments provider(String providerClass, String settings, String typo, String meant,
                                      String poolSettings, String poolTypo, String poolMeant) {
        return Arguments.of(providerClass, """
                :providers:
                  :lab:
                    provider_class: %s
                %s
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                :pools:
                  - name: debian
                    template: debian-12
                    size: 1
                    provider: lab
                    dns_plugin: example
                %s
                """.formatted(providerClass, settings.indent(4).stripTrailing(), poolSettings.indent(4).stripTrailing()),
                Map.of(typo, meant, poolTypo, poolMeant));
    }

    private static Arguments dns(String dnsClass, String settings, String typo, String meant) {
        return Arguments.of(dnsClass, """
                :dns_configs:
                  :lab:
                    dns_class: %s
                    domain: lab.example.com
                %s
                :pools:
                  - name: debian
                    template: debian-12
                    size: 1
                    dns_plugin: lab
                """.formatted(dnsClass, settings.indent(4).stripTrailing()), Map.of(typo, meant));
    }
}
