package org.vmpooler.provider.vsphere;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.VmLabels;

/**
 * {@code bench/vsphere}: the vSphere provider against govmomi's vcsim (instant tasks, guest addresses reported
 * within a tick of 20 ms). Prints the fill time and clone throughput of 2 pools × 50 VMs at the default
 * {@code task_limit} of 10 concurrent clones, SOAP round trips per clone, and the round trips of one manager pass
 * (each pool listed, each VM checked) with 1,000 VMs.
 */
public final class VsphereBenchmark {
    private static final int CONCURRENT_CLONES = 10;
    private static final List<String> POOLS = List.of("debian", "ubuntu");

    private VsphereBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        try (Vcsim vcsim = Vcsim.start("-tools-delay", "0s")) {
            VmpoolerConfig config = VsphereConfigs.twoPools(vcsim, "");
            VsphereProvider provider = VsphereConfigs.provider(config, "vc");
            provider.vmsInPool("debian");

            long trips = provider.roundTrips();
            double seconds = fill(provider, config, 50);
            long cloneTrips = provider.roundTrips() - trips;
            System.out.printf(Locale.ROOT, "fill 2 pools x 50 VMs (%d concurrent clones): %.2f s, %.1f clones/s,"
                    + " %.1f SOAP round trips per clone%n", CONCURRENT_CLONES, seconds, 100 / seconds,
                    cloneTrips / 100.0);

            fill(provider, config, 500);
            int vms = POOLS.stream().mapToInt(p -> provider.vmsInPool(p).size()).sum();
            VsphereProvider fresh = VsphereConfigs.provider(config, "vc");
            long before = fresh.roundTrips();
            for (String pool : POOLS) {
                fresh.vmsInPool(pool);
            }
            long coldList = fresh.roundTrips() - before;
            before = fresh.roundTrips();
            for (String pool : POOLS) {
                fresh.vmsInPool(pool);
            }
            long warmList = fresh.roundTrips() - before;
            before = fresh.roundTrips();
            for (String pool : POOLS) {
                for (String vm : fresh.vmsInPool(pool)) {
                    fresh.vmReady(pool, vm);
                }
            }
            long pass = fresh.roundTrips() - before;
            System.out.printf(Locale.ROOT, "%d VMs in 2 pools: listing both pools %d round trips (first, with"
                    + " look-ups) then %d; a pass listing both and checking every VM %d round trips%n", vms,
                    coldList, warmList, pass);
        }
    }

    /** Clones up to {@code perPool} VMs into each pool, {@link #CONCURRENT_CLONES} at a time; seconds taken. */
    private static double fill(VsphereProvider provider, VmpoolerConfig config, int perPool) throws Exception {
        long started = System.nanoTime();
        Semaphore slots = new Semaphore(CONCURRENT_CLONES);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clones = new ArrayList<>();
            for (String pool : POOLS) {
                for (int i = provider.vmsInPool(pool).size(); i < perPool; i++) {
                    String vm = pool + "-" + i;
                    slots.acquire();
                    clones.add(threads.submit(() -> {
                        try {
                            provider.createVm(CreateRequest.of(config.pool(pool).orElseThrow(), vm,
                                    config.global().provisioning().cloneTarget(),
                                    VmLabels.of("bench", pool, vm, Optional.empty(), Optional.empty())));
                        } finally {
                            slots.release();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> clone : clones) {
                clone.get();
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
