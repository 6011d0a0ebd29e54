package org.vmpooler.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vmpooler.store.Store;

/**
 * The three health questions a process answers, each for a different caller. Liveness (should this process be
 * restarted?) looks only at its loops, so a store outage never restarts it. Readiness (should it get traffic?)
 * needs the store to answer and every readiness condition to hold. The health check of the reference's
 * {@code /healthcheck} is whether the store answers.
 */
public final class ProcessHealth {

    private final Store store;
    private final Heartbeats loops;
    private final List<ReadinessCondition> readiness;

    public ProcessHealth(Store store, Heartbeats loops, List<ReadinessCondition> readiness) {
        this.store = store;
        this.loops = loops;
        this.readiness = List.copyOf(readiness);
    }

    /** The answer of a probe: whether it passed, and the checks that make it up. */
    public record Report(boolean ok, Map<String, Object> checks) {
        public Report {
            checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        }
    }

    public boolean storeAnswers() {
        return store.ping();
    }

    /** Alive while no loop is stalled; a process without loops (the API) is alive while it answers at all. */
    public Report live() {
        List<String> stalled = loops.stalled();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("loops", loops.watched());
        checks.put("stalled", stalled);
        return new Report(stalled.isEmpty(), checks);
    }

    /**
     * Ready when the store answers and every condition holds. The conditions may read the store, so they are
     * only asked when it answers; otherwise they count as not holding.
     */
    public Report ready() {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean storeUp = store.ping();
        checks.put("store", storeUp);
        boolean ok = storeUp;
        for (ReadinessCondition condition : readiness) {
            boolean holds = storeUp && holds(condition);
            checks.put(condition.name(), holds);
            ok &= holds;
        }
        return new Report(ok, checks);
    }

    private static boolean holds(ReadinessCondition condition) {
        try {
            return condition.holds().getAsBoolean();
        } catch (RuntimeException e) {
            // A store call failing between the ping and the condition is the same outage the ping looks for.
            return false;
        }
    }
}
