package org.vmpooler.provider.libvirt;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.manager.exec.BlockingCalls;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderException;

/**
 * One hypervisor host: its libvirt connection and the platform threads that talk to it.
 *
 * <p>Every native call runs on one of {@code threads} platform threads, never on the caller's virtual thread: a
 * JNA call pins its carrier for as long as libvirt blocks (a remote host that stopped answering blocks for
 * minutes), and libvirt reports errors through {@code virGetLastError}, which is per OS thread, so a call and its
 * error must be read on the same thread. The connection itself is shared by those threads: libvirt's
 * {@code virConnectPtr} is thread-safe since 0.6, and the Java binding keeps no state of its own in it. A
 * connection that died (the daemon restarted, the SSH tunnel dropped) is opened again by the next call.
 */
final class LibvirtHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHost.class);

    /** A piece of work on this host's connection, run on one of its threads. */
    @FunctionalInterface
    interface Call<T> {
        T on(Connect connection) throws LibvirtException;
    }

    /**
     * libvirt prints every error to stderr unless a handler takes it; each one reaches the caller as an exception
     * here, so the handler drops them. Held in a field: JNA must not lose the callback to the garbage collector.
     */
    private static final Libvirt.VirErrorCallback QUIET = (userData, error) -> { };

    static {
        try {
            Connect.setErrorCallback(QUIET);
        } catch (LibvirtException e) {
            LOG.debug("libvirt kept printing its errors: {}", e.getMessage());
        }
    }

    private final String uri;
    private final String provider;
    private final Duration callTimeout;
    private final Metrics metrics;
    private final BlockingCalls calls;
    private final Object opening = new Object();
    private volatile Connect connection;

    LibvirtHost(String provider, String uri, int threads, Duration callTimeout, Metrics metrics) {
        this.provider = provider;
        this.uri = uri;
        this.callTimeout = callTimeout;
        this.metrics = metrics;
        this.calls = new BlockingCalls("libvirt-" + provider, threads);
    }

    String uri() {
        return uri;
    }

    /**
     * Runs {@code call} on this host's connection. A libvirt error becomes a {@link ProviderException} naming the
     * host; a call that outlives {@code call_timeout} is abandoned (its thread finishes the native call alone).
     */
    <T> T run(String what, Call<T> call) {
        try {
            Optional<Optional<T>> done = calls.call(() -> Optional.ofNullable(onConnection(call)), callTimeout);
            return done.orElseThrow(() -> new ProviderException(provider + ": " + what + " on " + uri
                    + " did not finish within " + callTimeout.toSeconds() + "s (call_timeout)")).orElse(null);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(provider + ": " + what + " on " + uri + " abandoned, the caller was interrupted");
        }
    }

    /** Runs on one of this host's threads, so the liveness check reads the same thread's libvirt state. */
    private <T> T onConnection(Call<T> call) throws LibvirtException {
        Connect current = connected();
        try {
            return call.on(current);
        } catch (LibvirtException e) {
            // libvirtd reports its own failed RPCs (to virtlogd, to a remote host's daemon) in the RPC domain too;
            // only a connection that itself no longer answers is dropped. Dropping a live one would leak it.
            if (connectionLost(e.getError()) && !answers(current)) {
                dropConnection(current);
            }
            throw e;
        }
    }

    private static boolean answers(Connect connection) {
        try {
            return connection.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private RuntimeException failure(String what, Throwable cause) {
        if (cause instanceof LibvirtException libvirt) {
            return new ProviderException(provider + ": " + what + " on " + uri + " failed: " + libvirt.getMessage(),
                    false, libvirt);
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof java.lang.Error error) {
            throw error;
        }
        return new ProviderException(provider + ": " + what + " on " + uri + " failed: " + cause, false, cause);
    }

    private static boolean connectionLost(Error error) {
        return error != null && (error.getDomain() == Error.ErrorDomain.VIR_FROM_RPC
                || error.getCode() == Error.ErrorNumber.VIR_ERR_NO_CONNECT);
    }

    /** Opens the connection when there is none, or when the one there no longer answers. */
    private Connect connected() throws LibvirtException {
        Connect current = connection;
        if (current != null) {
            return current;
        }
        synchronized (opening) {
            if (connection == null) {
                connection = new Connect(uri, false);
                metrics.increment("provider_connection.opened." + provider);
                LOG.info("Provider {} connected to libvirt at {}", provider, uri);
            }
            return connection;
        }
    }

    /** Forgets a dead connection without closing it here: closing may block on the same dead socket. */
    private void dropConnection(Connect dead) {
        synchronized (opening) {
            if (connection == dead) {
                metrics.increment("provider_connection.lost." + provider);
                LOG.warn("Provider {} lost its libvirt connection to {}; the next call opens a new one", provider, uri);
                connection = null;
            }
        }
    }

    @Override
    public void close() {
        synchronized (opening) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (LibvirtException e) {
                    LOG.debug("Closing the connection to {} failed: {}", uri, e.getMessage());
                }
                connection = null;
            }
        }
        calls.close();
    }

    @Override
    public String toString() {
        return uri;
    }
}
