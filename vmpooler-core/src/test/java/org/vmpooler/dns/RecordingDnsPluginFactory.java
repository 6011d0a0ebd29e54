package org.vmpooler.dns;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS class for tests ({@code dns_class: recording}), registered through the test class path's
 * {@code META-INF/services}: it keeps records in memory under its config's {@code zone_name}, refuses to start
 * when {@code credentials} is {@code invalid}, and refuses changes while {@link RecordingDnsPlugin#refuse} is set
 * (a zone whose server is down).
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
        return new RecordingDnsPlugin(context.dns().name(), context.dns().settings().string("zone_name", ""));
    }

    /** Records by FQDN; deletes only a record that still holds the VM's address. */
    public static final class RecordingDnsPlugin implements DnsPlugin {
        private final String name;
        private final String zone;
        private final Map<String, String> records;
        /** While set, every change fails as a server that is down would. */
        public volatile boolean refuse;
        /** How often {@link #close} was called. */
        public final AtomicInteger closes = new AtomicInteger();

        public RecordingDnsPlugin(String name, String zone) {
            this(name, zone, new ConcurrentHashMap<>());
        }

        private RecordingDnsPlugin(String name, String zone, Map<String, String> records) {
            this.name = name;
            this.zone = zone;
            this.records = records;
        }

        /** Another client of the same zone that the zone refuses. */
        public RecordingDnsPlugin refused() {
            RecordingDnsPlugin other = new RecordingDnsPlugin(name, zone, records);
            other.refuse = true;
            return other;
        }

        @Override
        public String name() {
            return name;
        }

        public String zone() {
            return zone;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }

        public Map<String, String> records() {
            return records;
        }

        @Override
        public void createOrReplaceRecord(VmAddress vm) {
            checkUp(vm);
            records.put(vm.fqdn(), vm.ip());
        }

        @Override
        public void deleteRecord(VmAddress vm) {
            checkUp(vm);
            records.remove(vm.fqdn(), vm.ip());
        }

        private void checkUp(VmAddress vm) {
            if (refuse) {
                throw new DnsException("zone " + zone + " refused the change of " + vm.fqdn() + ": server down");
            }
        }
    }
}
