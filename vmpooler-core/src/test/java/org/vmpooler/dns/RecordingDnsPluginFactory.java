package org.vmpooler.dns;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS class for tests ({@code dns_class: recording}), registered through the test class path's
 * {@code META-INF/services}: it keeps records in memory under its config's {@code zone_name}, and refuses to
 * start when {@code credentials} is {@code invalid}.
 */
public final class RecordingDnsPluginFactory implements DnsPluginFactory {

    @Override
    public String dnsClass() {
        return "recording";
    }

    @Override
    public DnsPlugin create(DnsPluginContext context) {
        if (context.dns().settings().string("credentials", "").equals("invalid")) {
            throw new IllegalStateException("the zone rejected the credentials");
        }
        return new RecordingDnsPlugin(context.dns().name(), context.dns().settings().string("zone_name", ""),
                context.dns().domain());
    }

    /** Records by FQDN. */
    public static final class RecordingDnsPlugin implements DnsPlugin {
        private final String name;
        private final String zone;
        private final String domain;
        private final Map<String, String> records = new ConcurrentHashMap<>();

        RecordingDnsPlugin(String name, String zone, String domain) {
            this.name = name;
            this.zone = zone;
            this.domain = domain;
        }

        @Override
        public String name() {
            return name;
        }

        public String zone() {
            return zone;
        }

        public Map<String, String> records() {
            return records;
        }

        @Override
        public void createOrReplaceRecord(String vmName, String ip) {
            records.put(vmName + "." + domain, ip);
        }

        @Override
        public void deleteRecord(String vmName) {
            records.remove(vmName + "." + domain);
        }
    }
}
