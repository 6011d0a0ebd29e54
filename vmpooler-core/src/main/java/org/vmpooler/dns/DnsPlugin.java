package org.vmpooler.dns;

/**
 * Keeps DNS records for VMs, one instance per named entry of {@code :dns_configs:}. Both calls take the short
 * VM name; the plugin appends its configured domain (the reference mixed short names and FQDNs).
 */
public interface DnsPlugin {

    /** The DNS config name. */
    String name();

    /** Creates the VM's A record, replacing an existing one. */
    void createOrReplaceRecord(String vmName, String ip);

    /** Deletes the VM's record; succeeds when there is none. */
    void deleteRecord(String vmName);
}
