package org.vmpooler.provider.gce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.gcp.AccessTokens;
import org.vmpooler.gcp.GoogleRest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;

/**
 * {@code provider_class: gce}. Reads and checks the instance's keys and those of every pool it serves (all problems
 * reported at once), and loads the Google credentials, so that a wrong setting stops the start rather than the
 * first clone.
 */
public final class GceProviderFactory implements ProviderFactory {
    private static final Logger LOG = LoggerFactory.getLogger(GceProviderFactory.class);

    @Override
    public String providerClass() {
        return "gce";
    }

    @Override
    public Class<GceProvider> providerType() {
        return GceProvider.class;
    }

    @Override
    public Set<String> settingKeys() {
        return GceSettings.KEYS;
    }

    @Override
    public Set<String> poolKeys() {
        return GcePool.KEYS;
    }

    /** The task limit only sets a default, so any value checks the keys as a start would. */
    @Override
    public void checkSettings(ProviderConfig provider) {
        GceSettings.of(provider.settings(), 1);
    }

    @Override
    public Provider create(ProviderContext context) {
        String name = context.provider().name();
        GceSettings settings = GceSettings.of(context.provider().settings(),
                context.config().global().provisioning().taskLimit());
        Map<String, Optional<String>> domains = new HashMap<>();
        for (DnsConfig dns : context.config().dnsConfigs().values()) {
            domains.put(dns.name(), Optional.ofNullable(dns.domain()).filter(d -> !d.isBlank()));
        }
        Map<String, GcePool> pools = GceProvider.poolsOf(name, context.config().pools(), settings, domains);
        List<String> problems = new ArrayList<>();
        pools.values().stream().map(p -> p.problems(name)).filter(p -> !p.isEmpty()).forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new ConfigException(context.provider().settings().path() + ": " + String.join("; ", problems));
        }
        Map<String, String> templates = new HashMap<>();
        context.config().pools().forEach(p -> templates.put(p.name(), p.template()));
        AccessTokens tokens = AccessTokens.load(settings.api().credentialsFile(), "provider " + name);
        ProviderConnectionPool connections = new ProviderConnectionPool(ProviderConnectionPool.PROVIDER_TYPE, name,
                settings.connectionPoolSize(), settings.connectionPoolTimeout(), context.metrics());
        Compute compute = new Compute(new GoogleRest(settings.api(), tokens), settings.project(),
                settings.operationTimeout(), connections, context.clock());
        LOG.info("Provider {}: Compute Engine project {} at {} as {}, pools {}", name, settings.project(),
                settings.api().endpoint(), tokens, pools.keySet());
        return new GceProvider(name, settings, pools, templates, compute, connections);
    }
}
