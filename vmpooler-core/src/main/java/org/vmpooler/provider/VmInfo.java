package org.vmpooler.provider;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider reports about one VM ({@code get_vm} in the reference): its name, the hostname the guest
 * reports (compared with the name by the ready check), the pool's template, the pool, boot time, power state
 * ({@code PoweredOn}/{@code PoweredOff} or a cloud status), IP when known, and provider extras.
 */
public record VmInfo(String name, Optional<String> hostname, String template, String pool, Optional<Instant> bootTime,
                     String powerState, Optional<String> ip, Map<String, String> extras) {
    public VmInfo {
        extras = Map.copyOf(extras);
    }
}
