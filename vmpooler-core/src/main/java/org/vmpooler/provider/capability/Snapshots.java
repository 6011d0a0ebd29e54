package org.vmpooler.provider.capability;

/** A provider that can take named snapshots of a VM and revert to them. */
public interface Snapshots {

    /** Takes a snapshot called {@code snapshotName}; false when the platform refused it. */
    boolean createSnapshot(String pool, String vm, String snapshotName);

    /** Reverts the VM to the snapshot; false when the snapshot is unknown. */
    boolean revertSnapshot(String pool, String vm, String snapshotName);
}
