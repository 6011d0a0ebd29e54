package org.vmpooler.server;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.vmpooler.config.DnsConfig;
import org.vmpooler.plugin.Plugins;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.capability.Capability;

/**
 * {@code bin/vmpooler plugins}: every provider and DNS class this installation can use, where each came from
 * (built in, or the plugin jar), and what each provider offers beyond create, list, ready and destroy.
 */
final class PluginListing {
    private PluginListing() {
    }

    static String render(Plugins plugins) {
        StringBuilder out = new StringBuilder();
        out.append("Searched: ").append(plugins.searched()).append('\n');
        out.append("Plugin jars loaded:").append(plugins.jars().isEmpty() ? " none" : "").append('\n');
        plugins.jars().forEach(jar -> out.append("  ").append(jar).append('\n'));

        List<List<String>> providers = new ArrayList<>();
        providers.add(List.of("PROVIDER CLASS", "FROM", "CAPABILITIES"));
        plugins.providers().forEach(found -> providers.add(List.of(found.factory().providerClass(), found.origin(),
                capabilities(found.factory()))));
        List<List<String>> dns = new ArrayList<>();
        dns.add(List.of("DNS CLASS", "FROM"));
        dns.add(List.of(DnsConfig.DYNAMIC_DNS, "built in (no plugin: DHCP/DDNS registers the records)"));
        plugins.dnsPlugins().forEach(found -> dns.add(List.of(found.factory().dnsClass(), found.origin())));

        out.append('\n');
        table(providers, out);
        out.append('\n');
        table(dns, out);
        return out.toString();
    }

    private static String capabilities(ProviderFactory factory) {
        String names = factory.capabilities().stream().map(Capability::wireName).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }

    /** Left-aligned columns two spaces apart; the last column is not padded. */
    private static void table(List<List<String>> rows, StringBuilder out) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns - 1; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.append(line.append(row.get(columns - 1)).toString().stripTrailing()).append('\n');
        }
    }
}
