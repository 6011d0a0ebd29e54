package org.vmpooler.provider;

import java.time.Duration;

/**
 * A provider call outlived its deadline and was given up. Transient: the platform may well answer next time, and
 * what the call may still do in the background (a VM that appears late) is reconciled by the engine.
 */
public final class ProviderTimeoutException extends ProviderException {

    public ProviderTimeoutException(String provider, String method, Duration deadline) {
        super("provider " + provider + ": " + method + " did not finish within " + deadline.toSeconds()
                + "s; given up", false, null);
    }
}
