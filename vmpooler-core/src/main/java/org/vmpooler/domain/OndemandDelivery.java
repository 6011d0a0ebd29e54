package org.vmpooler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An on-demand VM that passed readiness and is handed straight to its request: pending → running with its
 * checkout time, the requester's token and lifetime, and membership of the request's delivered set.
 */
public record OndemandDelivery(String pool, String vm, String requestId, String poolAlias, Instant now,
                               Duration bootTime, LocalDate day, String token, String tokenUser,
                               Integer lifetimeHours) {
}
