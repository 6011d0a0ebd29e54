package org.vmpooler.provider;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.Snapshots;

/** A provider class for tests whose instances fail on demand and count the calls that reach them. */
final class FlakyProviderFactory implements ProviderFactory {
    /** What the next calls do. */
    enum Mode { HEALTHY, FAILING, FAILING_PERMANENTLY }

    volatile Mode mode = Mode.HEALTHY;
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String providerClass() {
        return "Flaky";
    }

    @Override
    public Class<Flaky> providerType() {
        return Flaky.class;
    }

    @Override
    public Provider create(ProviderContext context) {
        return new Flaky(context.provider().name());
    }

    private final class Flaky implements Provider, Disks, Snapshots {
        private final String name;

        Flaky(String name) {
            this.name = name;
        }

        private <T> T answer(T value) {
            calls.incrementAndGet();
            return switch (mode) {
                case HEALTHY -> value;
                case FAILING -> throw new ProviderException("connection refused");
                case FAILING_PERMANENTLY -> throw ProviderException.permanent("template not found");
            };
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> vmsInPool(String pool) {
            return answer(List.of("vm1"));
        }

        @Override
        public Optional<VmInfo> getVm(String pool, String vm) {
            return answer(Optional.empty());
        }

        @Override
        public VmInfo createVm(CreateRequest request) {
            return answer(null);
        }

        @Override
        public Optional<String> vmIpAddress(String pool, String vm) {
            return answer(Optional.of("10.0.0.1"));
        }

        @Override
        public Readiness vmReady(String pool, String vm) {
            return answer(Readiness.isReady());
        }

        @Override
        public boolean destroyVm(String pool, String vm) {
            return answer(true);
        }

        @Override
        public boolean createDisk(String pool, String vm, int sizeGb) {
            return answer(true);
        }

        @Override
        public boolean createSnapshot(String pool, String vm, String snapshotName) {
            return answer(true);
        }

        @Override
        public boolean revertSnapshot(String pool, String vm, String snapshotName) {
            return answer(true);
        }
    }
}
