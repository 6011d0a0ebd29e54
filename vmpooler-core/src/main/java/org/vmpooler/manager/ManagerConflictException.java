package org.vmpooler.manager;

/** Another manager runs on the store and this one may not share it: it refuses to start. */
public final class ManagerConflictException extends RuntimeException {
    public ManagerConflictException(String message) {
        super(message);
    }
}
