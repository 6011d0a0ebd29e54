package org.vmpooler.dns;

/**
 * Keeps DNS records for VMs, one instance per named entry of {@code :dns_configs:}. Calls get the VM's short
 * name, FQDN and IP together ({@link VmAddress}). Failures are {@link DnsException}s whose message says what was
 * refused by whom; the manager logs them and retries the record later, so a plugin need not retry for long.
 */
public interface DnsPlugin {

    /** The DNS config name. */
    String name();

    /** Points the VM's FQDN at its IP, replacing the name's records of that address family
     * (A for IPv4, AAAA for IPv6). */
    void createOrReplaceRecord(VmAddress vm);

    /**
     * Removes the VM's record, but only while it still holds the VM's IP: a name that someone else has pointed
     * elsewhere since is left alone. A record that is not there any more is success.
     */
    void deleteRecord(VmAddress vm);

    /**
     * Ends what the instance holds (an HTTP client and its threads) once the manager has stopped and made its
     * last call. Called once; the default holds nothing.
     */
    default void close() {
    }
}
