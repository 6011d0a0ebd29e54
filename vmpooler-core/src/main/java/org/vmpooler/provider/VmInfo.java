package org.vmpooler.provider;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider reports about one VM ({@code get_vm} in the reference): its name, the hostname the guest
 * reports (compared with the name by the ready check), the pool's template, the pool, boot time, power state
 * ({@code PoweredOn}/{@code PoweredOff} or a cloud status), IP when known, provider extras, and the labels it
 * was created with ({@link VmLabels#NONE} for a VM that carries none, such as one the Ruby vmpooler made).
 */
public record VmInfo(String name, Optional<String> hostname, String template, String pool, Optional<Instant> bootTime,
                     String powerState, Optional<String> ip, Map<String, String> extras, VmLabels labels) {
    public VmInfo {
        extras = Map.copyOf(extras);
    }
}
