package org.vmpooler.api.auth;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.VmRecord;

/**
 * The one place that decides whether a caller may act on a VM or an on-demand request, either of which may belong
 * to a token. With authentication configured and {@code enforce_vm_ownership} on, only the owning token may end
 * or change it: no token is a 401, another valid token a 403. Something created without a token belongs to
 * nobody. Reading follows the same rule only with {@code :auth: private_reads}: the reference's clients look at
 * VMs and poll on-demand requests without a token.
 */
public final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

    /** What is acted on, for the rule and the messages: {@code kind} is "VM" or "request". */
    public record Owned(String kind, String name, Optional<String> token) {
        public static Owned vm(VmRecord vm) {
            return new Owned("VM", vm.name(), vm.token());
        }

        public static Owned request(OndemandRequest request) {
            return new Owned("request", request.id(), request.token());
        }
    }

    private final TokenAuthenticator auth;
    private final boolean enforced;
    private final boolean privateReads;

    /** {@code enforced}: {@code enforce_vm_ownership}; both flags only matter when auth is configured. */
    public Ownership(TokenAuthenticator auth, boolean enforced, boolean privateReads) {
        this.auth = auth;
        this.enforced = auth.authConfigured() && enforced;
        this.privateReads = this.enforced && privateReads;
    }

    /** Lets the caller end or change {@code owned}; {@code caller} is the token the route already validated. */
    public void requireOwner(Owned owned, Optional<AuthenticatedToken> caller) {
        if (!enforced || owned.token().isEmpty()) {
            return;
        }
        if (caller.isEmpty()) {
            throw ApiError.unauthorized();
        }
        if (!caller.get().token().equals(owned.token().get())) {
            LOG.info("{} {}: refused {}, whose token does not own it", owned.kind(), owned.name(),
                    caller.get().user());
            throw ApiError.withMessage(403, "This " + owned.kind() + " belongs to another token");
        }
    }

    /** Lets the caller, who sent the {@code X-AUTH-TOKEN} header {@code header} (maybe none), read {@code owned}. */
    public void requireReader(Owned owned, String header) {
        if (privateReads && owned.token().isPresent()) {
            requireOwner(owned, auth.ifPresent(header));
        }
    }
}
