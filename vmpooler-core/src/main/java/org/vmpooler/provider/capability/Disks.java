package org.vmpooler.provider.capability;

/** A provider that can add a disk to a running VM ({@code POST /vm/<name>/disk/<size>}). */
public interface Disks {

    /** Adds a new disk of {@code sizeGb}; false when the platform refused it. */
    boolean createDisk(String pool, String vm, int sizeGb);
}
