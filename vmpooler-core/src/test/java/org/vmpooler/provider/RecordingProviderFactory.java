package org.vmpooler.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.config.ReadyCheck;

/**
 * A provider class for the core's tests ({@code provider_class: recording}), registered through the test class
 * path's {@code META-INF/services} now that the dummy lives in a module of its own: each instance keeps its VMs in
 * memory, and it refuses to start when its {@code refuse} setting gives a reason. Closing an instance is counted
 * by its name in {@link #CLOSES}, and fails when its {@code close_fails} setting gives a reason.
 */
public final class RecordingProviderFactory implements ProviderFactory {
    /** How often each instance, by name, was closed. */
    public static final Map<String, AtomicInteger> CLOSES = new ConcurrentHashMap<>();

    @Override
    public String providerClass() {
        return "recording";
    }

    @Override
    public Class<RecordingProvider> providerType() {
        return RecordingProvider.class;
    }

    @Override
    public Provider create(ProviderContext context) {
        String refusal = context.provider().settings().string("refuse", "");
        if (!refusal.isEmpty()) {
            throw new IllegalStateException(refusal);
        }
        return new RecordingProvider(context.provider().name(),
                context.provider().settings().string("close_fails", ""));
    }

    /** VMs by pool, then name; every VM is running at 127.0.0.1 as soon as it is created. */
    public static final class RecordingProvider implements Provider {
        private final String name;
        private final Map<String, Map<String, VmInfo>> pools = new ConcurrentHashMap<>();
        private final String closeFailure;

        RecordingProvider(String name, String closeFailure) {
            this.name = name;
            this.closeFailure = closeFailure;
        }

        @Override
        public void close() {
            CLOSES.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (!closeFailure.isEmpty()) {
                throw new IllegalStateException(closeFailure);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> vmsInPool(String pool) {
            return List.copyOf(vms(pool).keySet());
        }

        @Override
        public Optional<VmInfo> getVm(String pool, String vm) {
            return Optional.ofNullable(vms(pool).get(vm));
        }

        @Override
        public VmInfo createVm(CreateRequest request) {
            VmInfo info = new VmInfo(request.vm(), Optional.of(request.vm()), request.template(), request.pool(),
                    Optional.of(Instant.EPOCH), "PoweredOn", Optional.of("127.0.0.1"), Map.of(), request.labels());
            vms(request.pool()).put(request.vm(), info);
            return info;
        }

        /** Its VMs are records in memory, with nothing to connect to. */
        @Override
        public ReadyCheck defaultReadyCheck() {
            return ReadyCheck.NONE;
        }

        @Override
        public Optional<String> vmIpAddress(String pool, String vm) {
            return getVm(pool, vm).flatMap(VmInfo::ip);
        }

        @Override
        public Readiness vmReady(String pool, String vm) {
            return vms(pool).containsKey(vm) ? Readiness.isReady() : Readiness.notReady("no such VM");
        }

        @Override
        public boolean destroyVm(String pool, String vm) {
            vms(pool).remove(vm);
            return true;
        }

        private Map<String, VmInfo> vms(String pool) {
            return pools.computeIfAbsent(pool, p -> new ConcurrentHashMap<>());
        }
    }
}
