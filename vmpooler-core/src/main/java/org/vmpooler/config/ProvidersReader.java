package org.vmpooler.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * Reads {@code :providers:} into named provider instances. A legacy top-level {@code :vsphere:} section
 * becomes the instance {@code vsphere} when {@code :providers:} has none, and an instance {@code dummy} is
 * always there (the reference loads the dummy provider unconditionally and pools default to it).
 */
final class ProvidersReader {
    static final String DUMMY = "dummy";

    private ProvidersReader() {
    }

    static Map<String, ProviderConfig> read(Settings document, GlobalConfig global, ConfigProblems problems) {
        Settings providers = SectionReader.topLevel(document, "providers");
        Map<String, ProviderConfig> result = new LinkedHashMap<>();
        for (String name : providers.keys()) {
            problems.attempt(() -> result.put(name, instance(name, providers.section(name), global, problems)));
        }
        if (document.has("vsphere") && !result.containsKey("vsphere")) {
            problems.warn("the top-level :vsphere: section in " + document.source() + " is deprecated; it is used"
                    + " as :providers: > :vsphere:");
            problems.attempt(() -> result.put("vsphere", instance("vsphere", SectionReader.topLevel(document, "vsphere"),
                    global, problems)));
        }
        result.computeIfAbsent(DUMMY, name -> instance(name, Settings.empty(":providers: > :dummy:"), global, problems));
        return result;
    }

    private static ProviderConfig instance(String name, Settings settings, GlobalConfig global,
                                           ConfigProblems problems) {
        SectionReader section = new SectionReader(settings, problems);
        List<String> allowlist = settings.strings("resources_allowlist");
        if (settings.has("folder_whitelist")) {
            problems.warn(settings.path() + " > folder_whitelist in " + settings.source()
                    + " is deprecated; use resources_allowlist");
            allowlist = settings.has("resources_allowlist") ? allowlist : settings.strings("folder_whitelist");
        }
        // The reference OR-s the instance's flag with the global one.
        boolean purge = section.bool("purge_unconfigured_resources", false)
                || global.provisioning().purgeUnconfiguredResources();
        return new ProviderConfig(name, section.string("provider_class", name), purge, allowlist,
                section.bool("skip_dns_check_before_creating_vm", false),
                GlobalConfigReader.circuitBreaker(section, global.circuitBreaker()), settings);
    }
}
