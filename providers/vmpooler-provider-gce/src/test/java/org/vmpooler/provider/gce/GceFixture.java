package org.vmpooler.provider.gce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.gcp.FakeGoogleCloud;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderContext;

/**
 * A {@link FakeGoogleCloud} with a service account for the provider and the images the tests' pools use, and
 * the provider settings that point a {@code gce} instance at it.
 */
final class GceFixture implements AutoCloseable {
    static final String ZONE = "us-west1-b";
    static final String IMAGE = "projects/debian-cloud/global/images/family/debian-12";

    final FakeGoogleCloud fake;
    final Path credentials;

    GceFixture() throws Exception {
        fake = FakeGoogleCloud.start();
        Path dir = Files.createTempDirectory("gce-fixture");
        credentials = fake.writeServiceAccount(dir, "vmpooler@vmp-test.iam.gserviceaccount.com");
        fake.compute().addImage(IMAGE);
        for (String pool : new String[] {"debian", "ubuntu", "centos", "gone"}) {
            fake.compute().addImage("templates/" + pool);
        }
    }

    /** The provider keys of a {@code gce} instance using the fake, with {@code extra} keys over them. */
    Map<String, Object> settings(Map<String, ?> extra) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("project", FakeGoogleCloud.PROJECT);
        s.put("zone", ZONE);
        s.put("machine_type", "e2-small");
        s.put("endpoint", fake.computeEndpoint().toString());
        s.put("credentials_file", credentials.toString());
        s.put("api_retry_delay", 0.01);
        s.putAll(extra);
        return s;
    }

    /** A provider named {@code gce} serving the pools {@code debian} and {@code ubuntu}. */
    GceProvider provider(Map<String, ?> extra) {
        VmpoolerConfig config = PluginConfigs.builder().provider("gce", "gce", settings(extra))
                .pool("debian", "gce").pool("ubuntu", "gce").build();
        return provider(config, "gce");
    }

    static GceProvider provider(VmpoolerConfig config, String instance) {
        return (GceProvider) new GceProviderFactory().create(new ProviderContext(config.providers().get(instance),
                config, Metrics.none(), Clock.systemUTC()));
    }

    @Override
    public void close() {
        fake.close();
    }
}
