package org.vmpooler.dns.route53;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContract;

/** The Route 53 plugin held to the DNS plugin contract against the fake Route 53. */
class Route53PluginContractTest extends DnsPluginContract {
    static final String ZONE = "Z0FAKE0VMPOOLER";

    private static FakeRoute53 fake;
    private static DnsPlugin plugin;
    private static DnsPlugin refused;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeRoute53.start().zone(ZONE, "vmpooler.test");
        plugin = Route53Plugins.create(fake, Map.of("hosted_zone_id", ZONE));
        refused = Route53Plugins.create(fake, Map.of("hosted_zone_id", "Z0WRONG"));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Override
    protected DnsPlugin plugin() {
        return plugin;
    }

    @Override
    protected String domain() {
        return "vmpooler.test";
    }

    @Override
    protected Set<String> addresses(String fqdn) {
        return fake.addresses(ZONE, fqdn);
    }

    @Override
    protected void setElsewhere(String fqdn, String ip) {
        fake.setElsewhere(ZONE, fqdn, ip);
    }

    @Override
    protected DnsPlugin refusedPlugin() {
        return refused;
    }

    @Override
    protected List<String> refusalMentions() {
        return List.of("hosted zone Z0WRONG", "NoSuchHostedZone", "vmpooler.test", fake.endpoint().toString());
    }
}
