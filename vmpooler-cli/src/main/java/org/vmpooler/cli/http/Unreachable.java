package org.vmpooler.cli.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Says in words why a request did not reach the server. The JDK's HTTP client often throws without a message (a
 * refused connection is a bare {@code ConnectException}), which left users reading only an exception class.
 */
final class Unreachable {

    private Unreachable() {
    }

    static String why(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String reason = reason(cause);
            if (reason != null) {
                return reason;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String reason(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "the connection timed out";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof ConnectException) {
            return "nothing accepts connections there (connection refused)";
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return "the host name does not resolve";
        }
        return null;
    }
}
