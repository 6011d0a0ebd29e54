package org.vmpooler.provider.libvirt;

import java.util.Set;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;

/** {@code provider_class: libvirt}: one provider per {@code :providers:} instance, its keys checked at start. */
public final class LibvirtProviderFactory implements ProviderFactory {

    @Override
    public String providerClass() {
        return "libvirt";
    }

    @Override
    public Class<LibvirtProvider> providerType() {
        return LibvirtProvider.class;
    }

    @Override
    public Set<String> settingKeys() {
        return LibvirtSettings.KEYS;
    }

    @Override
    public Set<String> poolKeys() {
        return PoolShape.KEYS;
    }

    @Override
    public void checkSettings(ProviderConfig provider) {
        LibvirtSettings.from(provider.settings());
    }

    @Override
    public Provider create(ProviderContext context) {
        LibvirtSettings settings = LibvirtSettings.from(context.provider().settings());
        try {
            return new LibvirtProvider(context, settings);
        } catch (LinkageError e) {
            throw new ConfigException("provider " + context.provider().name() + " (provider_class libvirt) needs "
                    + "libvirt's client library libvirt.so.0, which could not be loaded (install libvirt0 on Debian "
                    + "and Ubuntu, libvirt-libs on Fedora and RHEL): " + e, e);
        }
    }
}
