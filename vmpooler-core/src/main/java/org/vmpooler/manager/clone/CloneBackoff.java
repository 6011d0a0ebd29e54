package org.vmpooler.manager.clone;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ProviderCallSettings;
import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.ProviderCapacityException;

/**
 * Remembers, per pool, why its clones fail, and holds the pool's clones back while the platform turns them away
 * for quota, capacity or throttling: cloning again at once would only be refused again and add to the load that
 * throttled us. The hold starts at {@code capacity_backoff}, doubles with each refusal in a row up to
 * {@code capacity_backoff_max}, is never shorter than what the platform asked for, and gets up to a fifth more at
 * random so that several managers do not come back at the same instant. Other failures are recorded (the reason
 * shows in {@code /status}) but hold nothing back: the circuit breaker and on-demand retries deal with those.
 * The first successful clone clears the pool's trouble.
 */
public final class CloneBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(CloneBackoff.class);
    private static final String ERROR = "error";
    private static final double JITTER = 0.2;

    private final ManagerContext ctx;
    private final RandomGenerator random;
    private final Map<String, Held> troubles = new ConcurrentHashMap<>();
    /** Pools whose stored trouble is known to be clear: a trouble left by an earlier run is cleared once. */
    private final Set<String> clear = ConcurrentHashMap.newKeySet();
    /**
     * One per pool: a pass clones several VMs at once, and their failures each read the pool's trouble and write the
     * next one; without it two refusals at the same moment both count as the first, and the stored count lags.
     */
    private final Map<String, Object> poolLocks = new ConcurrentHashMap<>();

    /** The trouble as recorded, and how many refusals it counts (what doubles the hold). */
    private record Held(CloneTrouble trouble, int refusals) {
    }

    public CloneBackoff(ManagerContext ctx, RandomGenerator random) {
        this.ctx = ctx;
        this.random = random;
    }

    /** Until when the pool's clones are held back, if they are now. */
    public Optional<Instant> heldUntil(String pool) {
        Instant now = ctx.now();
        return Optional.ofNullable(troubles.get(pool)).flatMap(h -> h.trouble().retryAt()).filter(now::isBefore);
    }

    public void failed(String pool, RuntimeException error) {
        synchronized (lockOf(pool)) {
            record(pool, error);
        }
    }

    private Object lockOf(String pool) {
        return poolLocks.computeIfAbsent(pool, p -> new Object());
    }

    private void record(String pool, RuntimeException error) {
        Instant now = ctx.now();
        Held previous = troubles.get(pool);
        int failures = previous == null ? 1 : previous.trouble().failures() + 1;
        Instant since = previous == null ? now : previous.trouble().since();
        String reason = String.valueOf(error.getMessage());
        Held held;
        if (error instanceof ProviderCapacityException refused) {
            String kind = refused.kind().wireName();
            ctx.metrics().increment("vmpooler_errors.provider_" + kind + "." + pool);
            Optional<Instant> holding = Optional.ofNullable(previous).flatMap(p -> p.trouble().retryAt())
                    .filter(now::isBefore);
            if (holding.isPresent()) {
                // A clone started before the hold began: its refusal is the same news, not a reason to double.
                held = new Held(new CloneTrouble(pool, kind, reason, since, failures, holding), previous.refusals());
            } else {
                int refusals = previous == null ? 1 : previous.refusals() + 1;
                Duration hold = hold(refusals, refused.retryAfter());
                held = new Held(new CloneTrouble(pool, kind, reason, since, failures, Optional.of(now.plus(hold))),
                        refusals);
                LOG.warn("[!] [{}] the platform refused a clone ({}): {}; no new clones for {}s", pool, kind, reason,
                        hold.toSeconds());
            }
        } else {
            int refusals = previous == null ? 0 : previous.refusals();
            held = new Held(new CloneTrouble(pool, ERROR, reason, since, failures, Optional.empty()), refusals);
        }
        troubles.put(pool, held);
        clear.remove(pool);
        ctx.poolSettings().recordCloneTrouble(held.trouble());
    }

    public void succeeded(String pool) {
        Held cleared;
        synchronized (lockOf(pool)) {
            cleared = troubles.remove(pool);
            if (clear.add(pool)) {
                ctx.poolSettings().clearCloneTrouble(pool);
            }
        }
        if (cleared != null) {
            LOG.info("[+] [{}] clones work again after {} failure(s) since {}", pool, cleared.trouble().failures(),
                    cleared.trouble().since());
        }
    }

    private Duration hold(int refusals, Optional<Duration> askedFor) {
        ProviderCallSettings settings = ctx.config().global().providerCalls();
        Duration max = settings.capacityBackoffMax();
        Duration doubled = settings.capacityBackoff();
        for (int i = 1; i < refusals && doubled.compareTo(max) < 0; i++) {
            doubled = doubled.multipliedBy(2);
        }
        Duration capped = doubled.compareTo(max) > 0 ? max : doubled;
        Duration hold = capped.plusMillis((long) (capped.toMillis() * JITTER * random.nextDouble()));
        return askedFor.filter(asked -> asked.compareTo(hold) > 0).orElse(hold);
    }
}
