package org.vmpooler.api.support;

import java.util.List;
import java.util.Optional;

import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;

/**
 * {@code provider_class: bare}: a provider that offers nothing beyond the core calls (no disks, no snapshots), for
 * the API's capability checks. The API never creates it; its class is all that is looked at.
 */
public final class BareProviderFactory implements ProviderFactory {

    @Override
    public String providerClass() {
        return "bare";
    }

    @Override
    public Provider create(ProviderContext context) {
        return new Bare(context.provider().name());
    }

    @Override
    public Class<Bare> providerType() {
        return Bare.class;
    }

    record Bare(String name) implements Provider {
        @Override
        public List<String> vmsInPool(String pool) {
            return List.of();
        }

        @Override
        public Optional<VmInfo> getVm(String pool, String vm) {
            return Optional.empty();
        }

        @Override
        public VmInfo createVm(CreateRequest request) {
            throw new UnsupportedOperationException("the bare provider creates nothing");
        }

        @Override
        public Optional<String> vmIpAddress(String pool, String vm) {
            return Optional.empty();
        }

        @Override
        public Readiness vmReady(String pool, String vm) {
            return Readiness.notReady("bare");
        }

        @Override
        public boolean destroyVm(String pool, String vm) {
            return true;
        }
    }
}
