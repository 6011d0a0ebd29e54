package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmpooler.domain.RequestedLine;

/**
 * Beyond the contract suites, the long retention periods that only a store whose expiry follows the injected clock can
 * check without waiting for days.
 */
class InMemoryStoreTest extends StoreContract {
    private static final List<RequestedLine> ONE_LINE = List.of(new RequestedLine("el", "centos", 1));

    @RegisterExtension
    static final StoreFixture IN_MEMORY = InMemoryStore::new;

    @Test
    void keepsAFulfilledRequestThirtyDays() {
        store.createOndemandRequest("req-1", ONE_LINE, null, null, T0);

        store.completeOndemandRequest("req-1");

        clock.advance(Duration.ofDays(30).minusMinutes(1));
        assertThat(store.ondemandRequest("req-1")).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.ondemandRequest("req-1")).isEmpty();
    }

    @Test
    void keepsADeletedRequestTwoWeeks() {
        store.createOndemandRequest("req-1", ONE_LINE, null, null, T0);

        store.deleteOndemandRequest("req-1");

        clock.advance(Duration.ofDays(14).minusMinutes(1));
        assertThat(store.ondemandRequest("req-1")).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.ondemandRequest("req-1")).isEmpty();
    }

    @Test
    void aLaterExpiryReplacesAnEarlierOne() {
        store.setVmFields("vm1", Map.of("a", "1"));
        store.expireVm("vm1", Duration.ofHours(1));
        store.expireVm("vm1", Duration.ofHours(168));

        clock.advance(Duration.ofHours(2));
        assertThat(store.vmExists("vm1")).isTrue();
        clock.advance(Duration.ofHours(167));
        assertThat(store.vmExists("vm1")).isFalse();
    }

    @Test
    void aRecreatedRecordDoesNotInheritTheOldExpiry() {
        store.setVmFields("vm1", Map.of("a", "1"));
        store.expireVm("vm1", Duration.ofHours(1));
        store.expireVm("vm1", Duration.ZERO);
        store.setVmFields("vm1", Map.of("b", "2"));

        clock.advance(Duration.ofHours(2));

        assertThat(store.vmExists("vm1")).isTrue();
    }
}
