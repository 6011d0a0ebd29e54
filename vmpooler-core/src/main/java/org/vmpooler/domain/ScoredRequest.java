package org.vmpooler.domain;

/** An on-demand request id in one of the provisioning queues, with its creation time in epoch seconds. */
public record ScoredRequest(String id, long createdEpochSeconds) {
}
