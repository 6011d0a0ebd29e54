package org.vmpooler.manager.clone;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.manager.exec.BlockingCalls;

/**
 * Asks a resolver that blocks natively (the system's) on the manager's {@link BlockingCalls}, with a deadline. A
 * lookup that misses it counts as "no record", which is what the reference's resolver concluded when its own
 * timeouts ran out: a name is only refused for an answer, never for a silent DNS server, so a hung resolver slows
 * each clone by the deadline but fails none.
 */
public final class BoundedNameResolver implements NameResolver {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedNameResolver.class);

    private final NameResolver resolver;
    private final BlockingCalls calls;
    private final Duration deadline;

    public BoundedNameResolver(NameResolver resolver, BlockingCalls calls, Duration deadline) {
        this.resolver = resolver;
        this.calls = calls;
        this.deadline = deadline;
    }

    @Override
    public boolean resolves(String fqdn) {
        try {
            return calls.call(() -> resolver.resolves(fqdn), deadline).orElseGet(() -> {
                LOG.warn("[!] no DNS answer for '{}' within {} ms; taking the name as free", fqdn, deadline.toMillis());
                return false;
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException("the DNS check of '" + fqdn + "' failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking '" + fqdn + "' in DNS", e);
        }
    }
}
