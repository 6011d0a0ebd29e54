package org.vmpooler.manager.ondemand;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.manager.ManagerContext;

/** Marks an on-demand request ready once every requested line has its VMs delivered. */
public final class RequestCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(RequestCompletion.class);

    private final ManagerContext ctx;

    public RequestCompletion(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /** Returns whether the request is (now) complete. */
    public boolean completeIfFilled(String requestId) {
        var request = ctx.ondemand().ondemandRequest(requestId);
        if (request.isEmpty() || request.get().finished()) {
            return false;
        }
        if (!filled(request.get())) {
            return false;
        }
        ctx.ondemand().completeOndemandRequest(requestId);
        LOG.info("[+] on-demand request {} is ready", requestId);
        return true;
    }

    /** Whether the line still lacks VMs, i.e. a VM delivered to it is wanted. */
    public boolean lineWants(OndemandRequest request, String alias, String pool) {
        int wanted = linesOf(request).stream().filter(l -> l.alias().equals(alias) && l.pool().equals(pool))
                .mapToInt(RequestedLine::count).sum();
        return ctx.ondemand().deliveredVms(request.id(), alias, pool).size() < wanted;
    }

    private boolean filled(OndemandRequest request) {
        List<RequestedLine> lines = linesOf(request);
        if (lines.isEmpty()) {
            return false;
        }
        return lines.stream().allMatch(l -> !lineWants(request, l.alias(), l.pool()));
    }

    private static List<RequestedLine> linesOf(OndemandRequest request) {
        try {
            return request.requested();
        } catch (IllegalArgumentException e) {
            LOG.warn("on-demand request {} has a malformed 'requested' field: {}", request.id(), e.getMessage());
            return List.of();
        }
    }
}
