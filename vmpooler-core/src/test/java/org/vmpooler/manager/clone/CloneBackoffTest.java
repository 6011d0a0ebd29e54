package org.vmpooler.manager.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.ProviderCallSettings;
import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.provider.ProviderCapacityException;
import org.vmpooler.provider.ProviderCapacityException.Kind;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.store.InMemoryStore;

/**
 * A platform that turns clones away for quota, capacity or throttling gets no new clones of that pool until the
 * hold is over, the hold doubles while it keeps refusing, the reason is in the store for {@code /status} and in
 * metrics, and the first clone that works clears it all.
 */
class CloneBackoffTest {

    private static final Duration BACKOFF = Duration.ofSeconds(30);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(100);
    /** The most jitter adds to a hold: a fifth. */
    private static final double JITTER = 1.2;

    private ManagerHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private ManagerHarness harness() {
        ProviderCallSettings d = ProviderCallSettings.DEFAULT;
        ProviderCallSettings calls = new ProviderCallSettings(d.destroy(), d.readyCheck(), d.disk(), d.snapshot(),
                d.other(), d.unknownVmGrace(), BACKOFF, BACKOFF_MAX, d.connectionPoolMonitor(), Optional.empty());
        CircuitBreakerSettings b = CircuitBreakerSettings.DEFAULT;
        h = new ManagerHarness(new TestConfig().providerCalls(calls)
                .circuitBreaker(new CircuitBreakerSettings(false, b.failureThreshold(), b.timeout(), b.halfOpenAttempts()))
                .pool("gce", 3).pool("other", 1).build(), InMemoryStore::new);
        return h;
    }

    private static ProviderCapacityException quota() {
        return new ProviderCapacityException(Kind.QUOTA, "Quota 'CPUS' exceeded. Limit: 24.0 in region us-west1.",
                null);
    }

    private Instant retryAt() {
        return h.store.cloneTroubles().get("gce").retryAt().orElseThrow();
    }

    @Test
    void refusedClonesHoldThePoolBackDoublingUntilOneWorks() {
        ManagerHarness h = harness();
        h.provider.createFailure = quota();
        Instant first = h.clock.instant();

        h.cycle("gce");

        assertThat(h.provider.creates.get()).as("the three clones of the first pass").isEqualTo(3);
        CloneTrouble trouble = h.store.cloneTroubles().get("gce");
        assertThat(trouble.kind()).isEqualTo("quota");
        assertThat(trouble.reason()).contains("Quota 'CPUS' exceeded");
        assertThat(trouble.failures()).isEqualTo(3);
        assertThat(Duration.between(first, retryAt()))
                .as("one hold for refusals of one pass, not doubled three times")
                .isBetween(BACKOFF, seconds(BACKOFF.toSeconds() * JITTER));

        h.advance(Duration.ofSeconds(20));
        h.cycle("gce");
        assertThat(h.provider.creates.get()).as("no clone while held").isEqualTo(3);

        h.clock.set(retryAt().plusSeconds(1));
        Instant second = h.clock.instant();
        h.cycle("gce");
        assertThat(h.provider.creates.get()).as("clones again once the hold is over").isEqualTo(6);
        assertThat(Duration.between(second, retryAt())).as("refused again: the hold doubles")
                .isBetween(BACKOFF.multipliedBy(2), seconds(BACKOFF.toSeconds() * 2 * JITTER));

        h.clock.set(retryAt().plusSeconds(1));
        h.cycle("gce");
        h.clock.set(retryAt().plusSeconds(1));
        Instant fourth = h.clock.instant();
        h.cycle("gce");
        assertThat(Duration.between(fourth, retryAt())).as("never beyond capacity_backoff_max (and its jitter)")
                .isBetween(BACKOFF_MAX, seconds(BACKOFF_MAX.toSeconds() * JITTER));
        assertThat(h.metrics.increments("vmpooler_errors.provider_quota.gce")).isEqualTo(12);

        h.provider.createFailure = null;
        h.clock.set(retryAt().plusSeconds(1));
        h.cycle("gce");
        assertThat(h.count("gce", VmState.PENDING) + h.count("gce", VmState.READY)).isEqualTo(3);
        assertThat(h.store.cloneTroubles()).as("a clone that works clears the trouble").doesNotContainKey("gce");
    }

    @Test
    void theHoldIsNeverShorterThanWhatThePlatformAskedFor() {
        ManagerHarness h = harness();
        h.provider.createFailure = new ProviderCapacityException(Kind.THROTTLED, "Rate exceeded",
                Duration.ofMinutes(5), null);
        Instant now = h.clock.instant();

        h.cycle("gce");

        assertThat(Duration.between(now, retryAt())).isEqualTo(Duration.ofMinutes(5));
        assertThat(h.store.cloneTroubles().get("gce").kind()).isEqualTo("throttled");
    }

    @Test
    void otherErrorsAreReportedButHoldNothingBack() {
        ManagerHarness h = harness();
        h.provider.createFailure = new ProviderException("Datastore LocalDS_9 is full");

        h.cycle("gce");
        h.cycle("gce");

        assertThat(h.provider.creates.get()).as("the next pass clones again").isEqualTo(6);
        CloneTrouble trouble = h.store.cloneTroubles().get("gce");
        assertThat(trouble.kind()).isEqualTo("error");
        assertThat(trouble.reason()).isEqualTo("Datastore LocalDS_9 is full");
        assertThat(trouble.failures()).isEqualTo(6);
        assertThat(trouble.retryAt()).isEmpty();
    }

    @Test
    void onePoolsRefusalsHoldOnlyThatPool() {
        ManagerHarness h = harness();
        h.provider.createFailure = quota();
        h.cycle("gce");
        h.provider.createFailure = null;

        h.cycle("other");
        h.cycle("gce");

        assertThat(h.count("other", VmState.PENDING) + h.count("other", VmState.READY)).isEqualTo(1);
        assertThat(h.count("gce", VmState.PENDING) + h.count("gce", VmState.READY)).isZero();
        assertThat(h.store.cloneTroubles()).containsOnlyKeys("gce");
    }

    @Test
    void onDemandClonesOfAHeldPoolWaitInsteadOfSpendingTheirRetries() {
        ManagerHarness h = harness();
        h.provider.createFailure = quota();
        h.cycle("gce");
        h.provider.createFailure = null;
        String request = "ondemand-held";
        h.store.createOndemandRequest(request, List.of(new RequestedLine("gce", "gce", 1)), null, null,
                h.clock.instant());

        h.ondemand();
        h.ondemand();
        assertThat(h.provider.creates.get()).as("held: the task waits").isEqualTo(3);
        assertThat(h.store.ondemandTasks()).isNotEmpty();

        h.clock.set(retryAt().plusSeconds(1));
        h.ondemand();
        assertThat(h.provider.creates.get()).as("the task clones once the hold is over").isEqualTo(4);
        assertThat(h.store.ondemandTasks()).isEmpty();
    }

    @Test
    void aTroubleLeftByAnEarlierRunIsClearedByTheFirstClone() {
        ManagerHarness h = harness();
        h.store.recordCloneTrouble(new CloneTrouble("gce", "capacity", "ZONE_RESOURCE_POOL_EXHAUSTED",
                h.clock.instant().minusSeconds(600), 4, Optional.empty()));

        h.cycle("gce");

        assertThat(h.store.cloneTroubles()).isEmpty();
        assertThat(List.copyOf(h.store.vms("gce", VmState.PENDING)).size()
                + h.store.vms("gce", VmState.READY).size()).isEqualTo(3);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
