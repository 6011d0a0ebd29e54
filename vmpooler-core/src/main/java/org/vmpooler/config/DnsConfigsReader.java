package org.vmpooler.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code :dns_configs:}: each entry needs a {@code domain}; the plugin is {@code dns_class}, else its name. */
final class DnsConfigsReader {

    private DnsConfigsReader() {
    }

    static Map<String, DnsConfig> read(Settings document, ConfigProblems problems) {
        Settings configs = SectionReader.topLevel(document, "dns_configs");
        Map<String, DnsConfig> result = new LinkedHashMap<>();
        for (String name : configs.keys()) {
            problems.attempt(() -> {
                Settings settings = configs.section(name);
                SectionReader section = new SectionReader(settings, problems);
                return result.put(name, new DnsConfig(name, section.string("dns_class", name),
                        section.required("domain"), settings));
            });
        }
        return result;
    }
}
