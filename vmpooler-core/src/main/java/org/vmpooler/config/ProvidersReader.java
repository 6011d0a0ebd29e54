package org.vmpooler.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code :providers:} into named provider instances. A legacy top-level {@code :vsphere:} section
 * becomes the instance {@code vsphere} when {@code :providers:} has none, and an instance {@code dummy} is
 * always there (the reference loads the dummy provider unconditionally and pools default to it).
 */
final class ProvidersReader {
    private static final Logger LOG = LoggerFactory.getLogger(ProvidersReader.class);
    static final String DUMMY = "dummy";

    private ProvidersReader() {
    }

    static Map<String, ProviderConfig> read(Settings document, GlobalConfig global) {
        Settings providers = SectionReader.topLevel(document, "providers");
        Map<String, ProviderConfig> result = new LinkedHashMap<>();
        for (String name : providers.keys()) {
            result.put(name, instance(name, providers.section(name), global));
        }
        if (document.has("vsphere") && !result.containsKey("vsphere")) {
            LOG.warn("the top-level :vsphere: section is deprecated; it is used as :providers: > :vsphere:");
            result.put("vsphere", instance("vsphere", SectionReader.topLevel(document, "vsphere"), global));
        }
        result.computeIfAbsent(DUMMY, name -> instance(name, Settings.empty(":providers: > :dummy:"), global));
        return result;
    }

    private static ProviderConfig instance(String name, Settings settings, GlobalConfig global) {
        SectionReader section = new SectionReader(settings);
        List<String> allowlist = settings.strings("resources_allowlist");
        if (settings.has("folder_whitelist")) {
            LOG.warn("{} > folder_whitelist in {} is deprecated; use resources_allowlist", settings.path(),
                    settings.source());
            allowlist = settings.has("resources_allowlist") ? allowlist : settings.strings("folder_whitelist");
        }
        // The reference OR-s the instance's flag with the global one.
        boolean purge = settings.bool("purge_unconfigured_resources", false)
                || global.provisioning().purgeUnconfiguredResources();
        return new ProviderConfig(name, settings.string("provider_class", name), purge, allowlist,
                settings.bool("skip_dns_check_before_creating_vm", false),
                GlobalConfigReader.circuitBreaker(section, global.circuitBreaker()), settings);
    }
}
