package org.vmpooler.provider.dummy;

import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderContext;

/**
 * Run in a child JVM by {@link DummyCrashTest}: creates VMs in the dummy without end, printing the number of each
 * VM once {@code createVm} has returned, until the test kills it.
 */
public final class DummyInventoryWriter {
    private DummyInventoryWriter() {
    }

    public static void main(String[] args) {
        VmpoolerConfig config = PluginConfigs.builder().provider("dummy", "dummy", Map.of("filename", args[0]))
                .pool("debian", "dummy").build();
        DummyProvider dummy = new DummyProvider(new ProviderContext(config.providers().get("dummy"), config,
                Metrics.none(), Clock.systemUTC()), new SplittableRandom());
        for (int i = 0; ; i++) {
            dummy.createVm(PluginConfigs.request("debian", "vm" + i));
            System.out.println("acknowledged " + i);
            System.out.flush();
        }
    }
}
