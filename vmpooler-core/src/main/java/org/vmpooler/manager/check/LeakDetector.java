package org.vmpooler.manager.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmInfo;

/**
 * Decides, from its labels alone, what becomes of a VM the provider lists but the store does not know. One that
 * this vmpooler instance labelled is a leak — a clone given up at its deadline that finished anyway, a record lost
 * — and is destroyed once it has stayed unknown for {@code unknown_vm_grace}, which leaves room for a manager that
 * is creating it right now. One without this instance's label (made by hand, by the Ruby vmpooler, by another
 * deployment) is never touched; it is reported once.
 */
public final class LeakDetector {

    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);

    private final ManagerContext ctx;
    /** Pool → unknown VM of ours → when this manager first saw it unknown. */
    private final Map<String, Map<String, Instant>> firstSeen = new ConcurrentHashMap<>();
    /** Pool → foreign VMs already reported. */
    private final Map<String, Set<String>> reported = new ConcurrentHashMap<>();

    public LeakDetector(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /** Forgets VMs that are no longer unknown (known again, or gone). */
    public void retainOnly(String pool, Collection<String> unknown) {
        firstSeen(pool).keySet().retainAll(unknown);
        reported(pool).retainAll(unknown);
    }

    /** Whether the VM is a leak of this instance due for destruction now. */
    public boolean dueForDestruction(String pool, Provider provider, String vm) {
        Optional<VmInfo> info;
        try {
            info = provider.getVm(pool, vm);
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] '{}' is unknown to the store and could not be looked up: {}", pool, vm, e.toString());
            return false;
        }
        if (info.isEmpty()) {
            return false;
        }
        if (!info.get().labels().createdBy(ctx.instance().value())) {
            if (reported(pool).add(vm)) {
                ctx.metrics().increment("vmpooler_errors.foreign_vm." + pool);
                LOG.warn("[?] [{}] '{}' is in the provider but was not created by this vmpooler instance (labels {}); "
                        + "left alone", pool, vm, info.get().labels().values());
            }
            return false;
        }
        Instant now = ctx.now();
        Instant seen = firstSeen(pool).computeIfAbsent(vm, v -> now);
        Duration unknownFor = Duration.between(seen, now);
        Duration grace = ctx.config().global().providerCalls().unknownVmGrace();
        if (unknownFor.compareTo(grace) < 0) {
            return false;
        }
        ctx.metrics().increment("vmpooler_errors.leaked_vm." + pool);
        LOG.warn("[!] [{}] '{}' carries this instance's labels but has been unknown to the store for {}s; "
                + "destroying it as a leak", pool, vm, unknownFor.toSeconds());
        return true;
    }

    private Map<String, Instant> firstSeen(String pool) {
        return firstSeen.computeIfAbsent(pool, p -> new ConcurrentHashMap<>());
    }

    private Set<String> reported(String pool) {
        return reported.computeIfAbsent(pool, p -> ConcurrentHashMap.newKeySet());
    }
}
