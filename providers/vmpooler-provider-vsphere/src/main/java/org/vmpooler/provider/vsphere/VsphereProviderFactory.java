package org.vmpooler.provider.vsphere;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;

/**
 * {@code provider_class: vsphere}. Every setting of the instance and of the pools it serves is checked here, so a
 * wrong one stops the start with all the problems named at once; vCenter itself is first called by the manager.
 */
public final class VsphereProviderFactory implements ProviderFactory {

    @Override
    public String providerClass() {
        return "vsphere";
    }

    @Override
    public Class<VsphereProvider> providerType() {
        return VsphereProvider.class;
    }

    @Override
    public Set<String> settingKeys() {
        return VsphereSettings.KEYS;
    }

    @Override
    public Set<String> poolKeys() {
        return VspherePool.KEYS;
    }

    @Override
    public Provider create(ProviderContext context) {
        String instance = context.provider().name();
        List<PoolConfig> served = context.config().pools().stream().filter(p -> p.provider().equals(instance))
                .toList();
        ConfigProblems errors = new ConfigProblems();
        VsphereSettings settings = VsphereSettings.read(context.provider().settings(), context.config(),
                served.size(), errors);
        Map<String, VspherePool> pools = new LinkedHashMap<>();
        Map<String, PoolConfig> poolConfigs = new LinkedHashMap<>();
        for (PoolConfig pool : served) {
            VspherePool.read(pool, settings, errors).ifPresent(p -> pools.put(pool.name(), p));
            poolConfigs.put(pool.name(), pool);
        }
        errors.throwErrors("vsphere provider " + instance + ": ");
        return new VsphereProvider(instance, settings, pools, poolConfigs, context.metrics(), context.clock());
    }
}
