package org.vmpooler.server;

import java.lang.management.ManagementFactory;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The JVM the service runs on, in one line for the start-up log: the collector and the heap limit decide the
 * latency and memory an operator sees, and both come from launcher options that are easy to lose (a container
 * entry point that calls {@code java -jar} directly, say).
 */
record JvmDescription(String runtime, String collector, long maxHeapMiB, int processors,
                      String virtualThreadCarriers) {

    /** HotSpot's collector selection flags (exactly one is on), with the names operators know them by. */
    private static final Map<String, String> COLLECTORS = Map.of("UseZGC", "ZGC", "UseShenandoahGC", "Shenandoah",
            "UseG1GC", "G1", "UseParallelGC", "Parallel", "UseSerialGC", "Serial", "UseEpsilonGC", "Epsilon");

    static JvmDescription current() {
        Runtime runtime = Runtime.getRuntime();
        return new JvmDescription(System.getProperty("java.vm.vendor", "?") + " " + Runtime.version(),
                activeCollector(), runtime.maxMemory() / (1024 * 1024), runtime.availableProcessors(),
                System.getProperty(ManagerCarriers.PARALLELISM));
    }

    private static String activeCollector() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return "unknown collector";
        }
        for (Map.Entry<String, String> flag : COLLECTORS.entrySet()) {
            try {
                if (Boolean.parseBoolean(hotspot.getVMOption(flag.getKey()).getValue())) {
                    return flag.getValue();
                }
            } catch (IllegalArgumentException notInThisBuild) {
                // e.g. a JDK built without Shenandoah
            }
        }
        return "unknown collector";
    }

    @Override
    public String toString() {
        return "JVM " + runtime + ", " + collector + " collector, heap up to " + maxHeapMiB + " MiB, " + processors
                + " processors" + (virtualThreadCarriers == null ? ""
                        : " (" + virtualThreadCarriers + " for the manager's virtual threads)");
    }
}
