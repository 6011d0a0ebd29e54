package org.vmpooler.manager.ondemand;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.manager.ManagerContext;

/**
 * Decides what a failed on-demand VM means for its request: one more clone queued as a retry, or the request
 * failed (permanent error, or {@code max_vm_retries} used up) with a reason. Requests that are finished or gone
 * are left alone: their lines need no more VMs.
 */
public final class OndemandRetries {

    private static final Logger LOG = LoggerFactory.getLogger(OndemandRetries.class);

    private final ManagerContext ctx;
    private final ErrorClassifier classifier;

    public OndemandRetries(ManagerContext ctx, ErrorClassifier classifier) {
        this.ctx = ctx;
        this.classifier = classifier;
    }

    /** A VM of the request line failed; {@code permanent} is the classifier's verdict on its error. */
    public void vmFailed(String requestId, String alias, String pool, String vm, String error, boolean permanent) {
        var request = ctx.ondemand().ondemandRequest(requestId);
        if (request.isEmpty() || request.get().finished()) {
            LOG.info("[-] [{}] '{}' failed for request {} which is {}; no retry", pool, vm, requestId,
                    request.flatMap(OndemandRequest::statusText).orElse("gone"));
            return;
        }
        if (permanent) {
            fail(requestId, pool, "Configuration error: " + error);
            return;
        }
        long attempts = ctx.ondemand().incrementOndemandRetries(requestId);
        int max = ctx.config().global().provisioning().maxVmRetries();
        if (attempts > max) {
            fail(requestId, pool, "Max retry attempts exceeded");
            return;
        }
        ctx.ondemand().queueOndemandRetry(requestId, alias, pool);
        LOG.info("[*] [{}] '{}' failed ({}); retry {} of {} queued for request {}", pool, vm, error, attempts, max,
                requestId);
    }

    public boolean permanent(String message, String errorClass) {
        return classifier.permanent(message, errorClass);
    }

    public boolean permanent(Throwable error) {
        return classifier.permanent(error);
    }

    private void fail(String requestId, String pool, String reason) {
        ctx.ondemand().failOndemandRequest(requestId, reason, ctx.dataTtl());
        ctx.metrics().increment("vmpooler_errors.permanently_failed." + pool);
        LOG.error("[!] [{}] on-demand request {} failed: {}", pool, requestId, reason);
    }
}
