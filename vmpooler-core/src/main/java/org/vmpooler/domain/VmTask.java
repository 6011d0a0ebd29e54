package org.vmpooler.domain;

/** One queued VM task: the VM and its argument (disk size in GB, or snapshot name), stored as {@code <vm>:<arg>}. */
public record VmTask(VmTaskKind kind, String vm, String argument) {

    public String member() {
        return vm + ":" + argument;
    }

    public static VmTask parse(VmTaskKind kind, String member) {
        int colon = member.indexOf(':');
        if (colon < 0) {
            return new VmTask(kind, member, "");
        }
        return new VmTask(kind, member.substring(0, colon), member.substring(colon + 1));
    }
}
