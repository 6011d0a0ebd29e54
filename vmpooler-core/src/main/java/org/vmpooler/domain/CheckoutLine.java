package org.vmpooler.domain;

import java.util.List;

/**
 * One entry of a checkout: {@code count} VMs for the name the client asked for ({@code requested}, a pool or
 * an alias), taken from the first of {@code candidatePools} that has a ready VM, for each VM in turn.
 */
public record CheckoutLine(String requested, List<String> candidatePools, int count) {
    public CheckoutLine {
        candidatePools = List.copyOf(candidatePools);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (candidatePools.isEmpty()) {
            throw new IllegalArgumentException("no candidate pool for " + requested);
        }
    }
}
