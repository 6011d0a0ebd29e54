package org.vmpooler.provider.capability;

/** A provider that labels a checked-out VM with the user it was handed to. */
public interface UserTagging {

    /** Labels the VM with its user (null for a VM handed out without a token); false means "try again next cycle". */
    boolean tagVmUser(String pool, String vm, String user);
}
