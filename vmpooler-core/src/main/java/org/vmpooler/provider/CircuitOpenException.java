package org.vmpooler.provider;

/**
 * A provider call was refused without being made because the provider's circuit breaker is open (or its
 * half-open trial slots are taken). Not permanent: the same call may succeed once the breaker lets calls through.
 */
public class CircuitOpenException extends ProviderException {
    public CircuitOpenException(String message) {
        super(message);
    }
}
