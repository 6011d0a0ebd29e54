package org.vmpooler.manager.clone;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a host name has a DNS record (a stale record would point a new VM's name at someone else). */
@FunctionalInterface
public interface NameResolver {

    boolean resolves(String fqdn);

    /** The system resolver. */
    static NameResolver system() {
        return fqdn -> {
            try {
                InetAddress.getByName(fqdn);
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        };
    }
}
