package org.vmpooler.config;

/** An invalid configuration. The message names the key, the offending value and the source file. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
