package org.vmpooler.manager;

import java.util.Optional;

import org.vmpooler.dns.DnsPlugin;

/** The DNS plugin keeping a pool's records; empty for dynamic DNS (names are registered elsewhere). */
@FunctionalInterface
public interface DnsLookup {

    Optional<DnsPlugin> forPool(String pool);

    static DnsLookup none() {
        return pool -> Optional.empty();
    }
}
