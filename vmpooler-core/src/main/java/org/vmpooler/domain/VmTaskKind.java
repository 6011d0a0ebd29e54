package org.vmpooler.domain;

/** Work the API queues for the manager on a running VM: add a disk, take a snapshot, revert to one. */
public enum VmTaskKind {
    DISK,
    SNAPSHOT,
    REVERT
}
