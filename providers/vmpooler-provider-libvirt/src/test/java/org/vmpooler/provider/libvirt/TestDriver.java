package org.vmpooler.provider.libvirt;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderContext;

/**
 * libvirt's test driver ({@code test:///default}), in this process with no daemon. Its state lives as long as one
 * connection to it is open, so this fixture keeps one for the JVM's lifetime: it removes the driver's sample
 * domain (8 GiB on a 3 GiB "host") and holds a storage pool {@code templates} with the pools' template volumes.
 */
final class TestDriver {

    static final String URI = "test:///default";
    private static Connect connection;

    private TestDriver() {
    }

    static synchronized Connect connection() {
        try {
            if (connection == null) {
                // Loading the provider's host class installs its handler that keeps libvirt's errors off stderr.
                Class.forName(LibvirtHost.class.getName());
                connection = new Connect(URI, false);
                Domain sample = LibvirtProvider.lookup(connection, "test");
                if (sample != null) {
                    sample.destroy();
                    sample.undefine();
                }
                connection.storagePoolCreateXML("<pool type='dir'><name>templates</name><target><path>/templates"
                        + "</path></target></pool>", 0);
            }
            return connection;
        } catch (LibvirtException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes {@code templates/<name>} exist: a 1 GiB qcow2 volume. */
    static synchronized void template(String name) {
        try {
            StoragePool templates = connection().storagePoolLookupByName("templates");
            if (Clone.template(connection(), new PoolShape("templates", name, 64, 1, "default", "virtio", "test",
                    false, DomainTemplate.DEFAULT)).isEmpty()) {
                templates.storageVolCreateXML("<volume><name>" + name + "</name><capacity unit='GiB'>1</capacity>"
                        + "<target><format type='qcow2'/></target></volume>", 0);
            }
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URI of a test-driver host of its own from a fixture under test resources ({@code host-small.xml}). */
    static String fixture(String resource) {
        try {
            return "test://" + java.nio.file.Path.of(TestDriver.class.getResource("/" + resource).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A provider instance {@code libvirt} on the test driver serving {@code pools}, with extra instance keys. */
    static LibvirtProvider provider(Map<String, Object> keys, String... pools) {
        connection();
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("uri", URI, "domain_type", "test",
                "connection_pool_size", 8));
        settings.putAll(keys);
        PluginConfigs configs = PluginConfigs.builder().provider("libvirt", "libvirt", settings);
        for (String pool : pools) {
            configs.pool(pool, "libvirt");
            template(pool);
        }
        VmpoolerConfig config = configs.build();
        return (LibvirtProvider) new LibvirtProviderFactory().create(new ProviderContext(
                config.providers().get("libvirt"), config, Metrics.none(), Clock.systemUTC()));
    }
}
