package org.vmpooler.manager.check;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.capability.HostMigration;

/**
 * Lets the provider move a just-checked-out VM to a better host, once. Entries for VMs the provider no longer has
 * are dropped (the reference kept them forever). A provider without {@link HostMigration} just has the VM taken
 * off the list.
 */
public final class MigrationCheck {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationCheck.class);

    private final ManagerContext ctx;

    public MigrationCheck(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void check(String pool, Provider provider, String vm, boolean exists) {
        if (!ctx.vms().remove(pool, vm, VmState.MIGRATING)) {
            return;
        }
        if (!exists) {
            LOG.info("[-] [{}] '{}' is no longer in the provider; dropped from 'migrating'", pool, vm);
            return;
        }
        Optional<HostMigration> migration = provider.capability(HostMigration.class);
        if (migration.isEmpty()) {
            return;
        }
        try {
            Map<String, String> fields = migration.get().migrateVm(pool, vm);
            if (!fields.isEmpty()) {
                ctx.vms().setVmFields(vm, fields);
                LOG.info("[>] [{}] '{}' migrated: {}", pool, vm, fields);
            }
        } catch (RuntimeException e) {
            LOG.error("[!] [{}] '{}' failed to migrate: {}", pool, vm, e.toString());
        }
    }
}
