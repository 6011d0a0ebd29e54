package org.vmpooler.provider.capability;

import java.util.Map;

/** A provider whose VMs can move between hosts (vSphere's migration at checkout). */
public interface HostMigration {

    /**
     * Considers moving a just-checked-out VM to a better host; returns VM fields to record ({@code host},
     * {@code migrated}, …), empty when nothing was done.
     */
    Map<String, String> migrateVm(String pool, String vm);
}
