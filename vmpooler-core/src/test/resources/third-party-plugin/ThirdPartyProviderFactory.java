package com.example.vmpooler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContext;
import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.dns.VmAddress;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.capability.Snapshots;

/**
 * A plugin as a third party writes it, outside vmpooler's build: the tests compile this file against the built
 * vmpooler-core classes and jar it with META-INF/services entries for provider_class "thirdparty" (in-memory VMs
 * that are ready at once, with snapshots) and dns_class "thirdparty-dns" (records kept in memory).
 */
public final class ThirdPartyProviderFactory implements ProviderFactory {

    @Override
    public String providerClass() {
        return "thirdparty";
    }

    @Override
    public Class<ThirdPartyProvider> providerType() {
        return ThirdPartyProvider.class;
    }

    @Override
    public Provider create(ProviderContext context) {
        return new ThirdPartyProvider(context.provider().name());
    }

    public static final class ThirdPartyProvider implements Provider, Snapshots {
        private final String name;
        private final Map<String, VmInfo> vms = new ConcurrentHashMap<>();

        ThirdPartyProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> vmsInPool(String pool) {
            return vms.values().stream().filter(vm -> vm.pool().equals(pool)).map(VmInfo::name).toList();
        }

        @Override
        public Optional<VmInfo> getVm(String pool, String vm) {
            return Optional.ofNullable(vms.get(vm)).filter(info -> info.pool().equals(pool));
        }

        @Override
        public VmInfo createVm(CreateRequest request) {
            VmInfo info = new VmInfo(request.vm(), Optional.of(request.vm()), request.template(), request.pool(),
                    Optional.of(Instant.now()), "PoweredOn", Optional.of("127.0.0.1"), Map.of(), request.labels());
            vms.put(request.vm(), info);
            return info;
        }

        /** Its VMs are entries in memory: nothing answers on a port. */
        @Override
        public ReadyCheck defaultReadyCheck() {
            return ReadyCheck.NONE;
        }

        @Override
        public Optional<String> vmIpAddress(String pool, String vm) {
            return getVm(pool, vm).flatMap(VmInfo::ip);
        }

        @Override
        public Readiness vmReady(String pool, String vm) {
            return getVm(pool, vm).isPresent() ? Readiness.isReady() : Readiness.notReady("no such VM");
        }

        @Override
        public boolean destroyVm(String pool, String vm) {
            vms.remove(vm);
            return true;
        }

        @Override
        public boolean createSnapshot(String pool, String vm, String snapshotName) {
            return getVm(pool, vm).isPresent();
        }

        @Override
        public boolean revertSnapshot(String pool, String vm, String snapshotName) {
            return getVm(pool, vm).isPresent();
        }
    }

    public static final class Dns implements DnsPluginFactory {
        @Override
        public String dnsClass() {
            return "thirdparty-dns";
        }

        @Override
        public DnsPlugin create(DnsPluginContext context) {
            Map<String, String> records = new ConcurrentHashMap<>();
            return new DnsPlugin() {
                @Override
                public String name() {
                    return context.dns().name();
                }

                @Override
                public void createOrReplaceRecord(VmAddress vm) {
                    records.put(vm.fqdn(), vm.ip());
                }

                @Override
                public void deleteRecord(VmAddress vm) {
                    records.remove(vm.fqdn(), vm.ip());
                }
            };
        }
    }
}
