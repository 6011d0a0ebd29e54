package org.vmpooler.provider.vsphere;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderContext;

/** Configurations as users write them (YAML through the real loader) and providers built from them. */
final class VsphereConfigs {
    private VsphereConfigs() {
    }

    static VmpoolerConfig load(String yaml) {
        return new ConfigLoader().load(Map.of("VMPOOLER_CONFIG", yaml), Path.of("").toAbsolutePath());
    }

    /**
     * A reference-style configuration: provider instance {@code vc} against the simulator, pools {@code debian} and
     * {@code ubuntu} in folders {@code vmpooler/debian} and {@code vmpooler/ubuntu}, plus the given {@code :config:}
     * lines, and more pools like debian in folders vmpooler/{@code extraPools}.
     */
    static VmpoolerConfig twoPools(Vcsim vcsim, String globalLines, String... extraPools) {
        StringBuilder extra = new StringBuilder();
        for (String pool : extraPools) {
            extra.append("""
                      - name: %s
                        template: %s
                        folder: vmpooler/%s
                        size: 1
                        provider: vc
                        dns_plugin: lab
                    """.formatted(pool, Vcsim.DEBIAN, pool));
        }
        return load("""
                :config:
                  create_folders: true
                  clone_target: %s
                %s
                :providers:
                  :vc:
                    provider_class: vsphere
                    server: '%s'
                    username: vmpooler@vsphere.local
                    password: secret
                    datacenter: %s
                    connection_pool_size: 8
                :dns_configs:
                  :lab:
                    dns_class: dynamic-dns
                    domain: vmpooler.test
                :pools:
                  - name: debian
                    template: %s
                    folder: vmpooler/debian
                    datastore: LocalDS_0
                    size: 1
                    provider: vc
                    dns_plugin: lab
                  - name: ubuntu
                    template: %s
                    folder: vmpooler/ubuntu
                    network: VM Network
                    snapshot_mainMem_ioBlockPages: '2048'
                    size: 1
                    provider: vc
                    dns_plugin: lab
                %s""".formatted(Vcsim.CLUSTER, globalLines.indent(2), vcsim.server(), Vcsim.DATACENTER, Vcsim.DEBIAN,
                Vcsim.UBUNTU, extra));
    }

    static VsphereProvider provider(VmpoolerConfig config, String instance) {
        return provider(config, instance, Metrics.none());
    }

    static VsphereProvider provider(VmpoolerConfig config, String instance, Metrics metrics) {
        return (VsphereProvider) new VsphereProviderFactory().create(new ProviderContext(
                config.providers().get(instance), config, metrics, Clock.systemUTC()));
    }
}
