package org.vmpooler.api.vm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.auth.AuthenticatedToken;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.VmLifecycle;
import org.vmpooler.store.VmQueues;

/**
 * Hands out ready VMs for a set of requested names (pools or aliases), all or nothing: either every VM is
 * granted and the body lists their FQDNs under the names as requested, or nothing changes and the answer is
 * 503. The store does the whole move in one atomic step, so concurrent API processes never share a VM and a
 * failed request leaves nothing half-allocated.
 */
final class Checkout {
    private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

    private final VmpoolerConfig config;
    private final VmQueues vms;
    private final VmLifecycle lifecycle;
    private final Metrics metrics;
    private final Clock clock;
    private final CandidatePools candidates;
    private final UsageMetrics usage;

    Checkout(VmpoolerConfig config, VmQueues vms, VmLifecycle lifecycle, Metrics metrics, Clock clock, CandidatePools candidates,
             UsageMetrics usage) {
        this.config = config;
        this.vms = vms;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.clock = clock;
        this.candidates = candidates;
        this.usage = usage;
    }

    /** 404 for an empty request or any name that is neither a pool nor an alias, counting each. */
    void rejectUnknown(Collection<String> names) {
        if (names.isEmpty()) {
            metrics.increment("checkout.invalid.unknown");
            throw ApiError.bare(404);
        }
        List<String> unknown = names.stream().filter(n -> !candidates.isKnown(n)).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(n -> metrics.increment("checkout.invalid." + n));
            LOG.info("checkout refused: unknown pool or alias {}", unknown);
            throw ApiError.bare(404);
        }
    }

    /** {@code requested}: name → number of VMs, in the client's order; every name is known. */
    Map<String, Object> perform(Map<String, Integer> requested, Optional<AuthenticatedToken> token) {
        CheckoutRequest request = new CheckoutRequest(lines(requested), clock.instant(),
                token.map(AuthenticatedToken::token).orElse(null),
                token.map(AuthenticatedToken::user).orElse(null),
                token.flatMap(t -> lifetimeForAuthenticated()).orElse(null), true);
        CheckoutResult result = lifecycle.checkout(request);
        return switch (result) {
            case CheckoutResult.Unavailable unavailable -> {
                metrics.increment("checkout.empty." + unavailable.requested());
                LOG.info("checkout of {} refused: no ready VM for '{}'; nothing was taken", requested,
                        unavailable.requested());
                throw ApiError.bare(503);
            }
            case CheckoutResult.Granted granted -> grantedBody(requested, granted, token);
        };
    }

    /**
     * One line per name when only one pool can serve it; with a choice of pools one line per VM, so that each
     * VM gets its own draw as in the reference.
     */
    private List<CheckoutLine> lines(Map<String, Integer> requested) {
        List<CheckoutLine> lines = new ArrayList<>();
        requested.forEach((name, count) -> {
            List<String> order = candidates.orderFor(name);
            if (order.size() == 1) {
                lines.add(new CheckoutLine(name, order, count));
                return;
            }
            lines.add(new CheckoutLine(name, order, 1));
            for (int i = 1; i < count; i++) {
                lines.add(new CheckoutLine(name, candidates.orderFor(name), 1));
            }
        });
        return lines;
    }

    private Optional<Integer> lifetimeForAuthenticated() {
        return config.global().lifecycle().vmLifetimeAuth().map(Duration::toHours).filter(h -> h > 0)
                .map(Math::toIntExact);
    }

    private Map<String, Object> grantedBody(Map<String, Integer> requested, CheckoutResult.Granted granted,
                                            Optional<AuthenticatedToken> token) {
        Map<String, List<String>> hostnames = new LinkedHashMap<>();
        requested.keySet().forEach(name -> hostnames.put(name, new ArrayList<>()));
        for (CheckoutResult.Grant grant : granted.grants()) {
            hostnames.get(grant.requested()).add(fqdn(grant.vm(), grant.pool()));
            metrics.increment("checkout.success." + grant.pool());
            LOG.info("[{}] {} checked out for '{}' by {}", grant.pool(), grant.vm(), grant.requested(),
                    token.map(AuthenticatedToken::user).orElse("an anonymous client"));
            if (usage.enabled()) {
                Map<String, String> tags = vms.vm(grant.vm()).map(VmRecord::tags).orElse(Map.of());
                usage.record(UsageMetrics.ALLOCATE, token.map(AuthenticatedToken::user), grant.vm(), grant.pool(),
                        tags);
            }
        }
        Map<String, Object> body = ApiResponses.ok();
        hostnames.forEach((name, names) -> body.put(name,
                Map.of("hostname", names.size() == 1 ? names.getFirst() : names)));
        return body;
    }

    private String fqdn(String vm, String pool) {
        return config.domainFor(pool).filter(d -> !d.isEmpty()).map(d -> vm + "." + d).orElse(vm);
    }
}
