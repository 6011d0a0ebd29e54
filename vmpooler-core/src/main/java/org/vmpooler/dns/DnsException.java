package org.vmpooler.dns;

/**
 * A DNS back end refused a change or did not answer. The message names what a person fixing it needs: the server,
 * the zone, the record and, for signed updates, the key (never its secret).
 */
public class DnsException extends RuntimeException {

    public DnsException(String message) {
        super(message);
    }

    public DnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
