package org.vmpooler.api.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryRateLimitHttpTest extends RateLimitHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    /** The reference refreshed the expiry on every allowed request, so a steady client was never reset. */
    @Test
    void theWindowEndsAPeriodAfterItsFirstRequestWhateverCameLater() {
        startLimited();
        assertThat(getVms(Map.of()).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        assertThat(getVms(Map.of()).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(29));
        assertThat(getVms(Map.of()).status()).isEqualTo(200);
        assertThat(getVms(Map.of()).status()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(2));

        assertThat(getVms(Map.of()).status()).isEqualTo(200);
    }
}
