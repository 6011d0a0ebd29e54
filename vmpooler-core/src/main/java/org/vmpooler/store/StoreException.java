package org.vmpooler.store;

/** The backing service of a {@link Store} could not be reached or refused an operation. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
