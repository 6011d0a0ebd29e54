package org.vmpooler.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A consistent read of one pool's queues and its checkout-time hash ({@code vmpooler__active__<pool>}),
 * taken in one store round trip so the manager can compare it with the provider's inventory.
 */
public record PoolQueues(String pool, Map<VmState, Set<String>> members, Map<String, String> active) {
    public PoolQueues {
        EnumMap<VmState, Set<String>> copy = new EnumMap<>(VmState.class);
        for (VmState state : VmState.values()) {
            copy.put(state, Set.copyOf(members.getOrDefault(state, Set.of())));
        }
        members = Collections.unmodifiableMap(copy);
        active = Collections.unmodifiableMap(new LinkedHashMap<>(active));
    }

    public Set<String> in(VmState state) {
        return members.get(state);
    }

    /** The exclusive state of a VM (never {@link VmState#MIGRATING}), or empty when the store does not know it. */
    public Optional<VmState> stateOf(String vm) {
        for (VmState state : VmState.EXCLUSIVE) {
            if (members.get(state).contains(vm)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Whether the VM is in any of the six sets (the reference's "known to Redis"). */
    public boolean knows(String vm) {
        return members.values().stream().anyMatch(s -> s.contains(vm));
    }

    public Optional<Instant> checkoutTime(String vm, ZoneId zone) {
        return RubyTime.parse(active.get(vm), zone);
    }
}
