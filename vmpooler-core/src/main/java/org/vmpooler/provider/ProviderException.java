package org.vmpooler.provider;

/**
 * A provider call failed. {@code permanent} marks errors that retrying cannot fix (unknown template,
 * bad credentials…); the manager also classifies other exceptions by their message, as the reference does.
 */
public class ProviderException extends RuntimeException {
    private final boolean permanent;

    public ProviderException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public ProviderException(String message) {
        this(message, false, null);
    }

    public static ProviderException permanent(String message) {
        return new ProviderException(message, true, null);
    }

    public boolean permanent() {
        return permanent;
    }
}
