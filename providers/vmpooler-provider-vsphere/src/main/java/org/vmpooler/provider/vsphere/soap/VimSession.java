package org.vmpooler.provider.vsphere.soap;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderConnectionPool;
import org.w3c.dom.Element;

/**
 * A logged-in vCenter session shared by every call of one provider instance. vCenter serves concurrent calls on one
 * session, so the {@link ProviderConnectionPool} only bounds how many run at once ({@code connection_pool_size}).
 * The session is not probed before each call (the reference spent a {@code CurrentTime} round trip on every
 * checkout): a call answered {@code NotAuthenticated} — an expired session, a restarted vCenter — logs in again
 * and is repeated once.
 */
public final class VimSession {
    private static final Logger LOG = LoggerFactory.getLogger(VimSession.class);
    private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

    private final SoapTransport transport;
    private final String username;
    private final String password;
    private final ProviderConnectionPool gate;
    private final Metrics metrics;
    private final String provider;
    private final LongAdder roundTrips = new LongAdder();
    private final AtomicLong logins = new AtomicLong();
    private volatile ServiceContent content;

    /** {@code provider}: the instance name its session metrics ({@code provider_connection.*}) carry. */
    public VimSession(URI endpoint, boolean insecure, Duration timeout, String username, String password,
                      ProviderConnectionPool gate, Metrics metrics, String provider) {
        this.transport = new SoapTransport(endpoint, insecure, timeout);
        this.username = username;
        this.password = password;
        this.gate = gate;
        this.metrics = metrics;
        this.provider = provider;
    }

    /** The managers of the vCenter, logging in first when there is no session yet. */
    public ServiceContent content() {
        ServiceContent current = content;
        return current != null ? current : login(logins.get(), false);
    }

    /**
     * How many times this client has logged in. A change tells callers that vCenter may have restarted, so that
     * references they cached (folders, templates) may be stale.
     */
    public long logins() {
        return logins.get();
    }

    /** SOAP requests sent so far, for the benchmark. */
    public long roundTrips() {
        return roundTrips.sum();
    }

    /** Calls a vim25 method; {@code arguments} are the request's elements after {@code _this}, in WSDL order. */
    public Element invoke(String method, MoRef target, String arguments) {
        return gate.with(() -> {
            long seen = logins.get();
            content();
            try {
                return send(method, target, arguments);
            } catch (VimFault fault) {
                if (!fault.is("NotAuthenticated")) {
                    throw fault;
                }
                LOG.info("vCenter {} ended the session of {}; logging in again", transport.endpoint().getHost(),
                        username);
                login(seen, true);
                return send(method, target, arguments);
            }
        });
    }

    private Element send(String method, MoRef target, String arguments) {
        roundTrips.increment();
        return transport.call(method, target, arguments);
    }

    /** Ends the session, when there is one, instead of leaving vCenter to keep it until it idles out. */
    public synchronized void logout() {
        ServiceContent current = content;
        if (current == null) {
            return;
        }
        content = null;
        try {
            send("Logout", current.sessionManager(), "");
            LOG.info("Logged out of vCenter {} as {}", transport.endpoint().getHost(), username);
        } catch (RuntimeException e) {
            LOG.warn("Logging out of vCenter {} as {} failed (the session ends when it idles out): {}",
                    transport.endpoint().getHost(), username, e.toString());
        }
    }

    /**
     * Logs in unless another caller already did since {@code seen}, so a restart costs one login, not one each;
     * {@code lost}: vCenter ended the session this replaces.
     */
    private synchronized ServiceContent login(long seen, boolean lost) {
        if (logins.get() != seen && content != null) {
            return content;
        }
        if (lost) {
            metrics.increment("provider_connection.lost." + provider);
        }
        transport.cookie(null);
        Element service = send("RetrieveServiceContent", SERVICE_INSTANCE, "");
        ServiceContent fresh = ServiceContent.of(Xml.child(service, "returnval").orElseThrow());
        send("Login", fresh.sessionManager(), new XmlBody().text("userName", username).text("password", password)
                .toString());
        content = fresh;
        logins.incrementAndGet();
        metrics.increment("provider_connection.opened." + provider);
        LOG.info("Logged in to vCenter {} as {} (API {})", transport.endpoint().getHost(), username,
                fresh.apiVersion());
        return fresh;
    }
}
