package org.vmpooler.domain;

import java.time.Instant;
import java.util.List;

/**
 * An all-or-nothing checkout across several pools. {@code token}/{@code tokenUser} are recorded on each VM
 * when the client authenticated; {@code lifetimeHours} (nullable) is written as the VM's {@code lifetime};
 * {@code queueMigration} puts each VM in its pool's migrating set, as the reference does at checkout.
 */
public record CheckoutRequest(List<CheckoutLine> lines, Instant now, String token, String tokenUser,
                              Integer lifetimeHours, boolean queueMigration) {
    public CheckoutRequest {
        lines = List.copyOf(lines);
    }
}
