package org.vmpooler.manager;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.store.PoolSettings;

/**
 * Which vmpooler instance this manager belongs to, as its VMs' {@code vmpooler_instance} label says: the
 * configured {@code instance_id}, else the identity the store keeps (made up by the first manager on it). Two
 * deployments that share a hypervisor folder or a cloud project but not a store so never take each other's VMs
 * for leaks. Resolved on first use, so a store that is down while the manager is built delays nothing.
 */
public final class InstanceIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceIdentity.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<String> configured;
    private final PoolSettings store;
    private volatile String resolved;

    public InstanceIdentity(Optional<String> configured, PoolSettings store) {
        this.configured = configured;
        this.store = store;
    }

    public String value() {
        String identity = resolved;
        if (identity == null) {
            synchronized (this) {
                if (resolved == null) {
                    resolved = configured.orElseGet(() -> store.instanceIdentity(candidate()));
                    LOG.info("VMs of this vmpooler instance are labelled vmpooler_instance={}", resolved);
                }
                identity = resolved;
            }
        }
        return identity;
    }

    private static String candidate() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "vmp-" + HexFormat.of().formatHex(bytes);
    }
}
