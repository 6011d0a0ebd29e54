package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The contract of {@link Tokens}: tokens.
 * Run against every store.
 */
public abstract class TokensContract extends StoreContract {

    @Test
    void keepsTokensAndTheirLastUse() {
        store.createToken("tok1", "alice", T0);

        TokenRecord created = store.token("tok1").orElseThrow();
        assertThat(created.user()).contains("alice");
        assertThat(created.created()).contains(T0_TEXT);
        assertThat(created.last()).isEmpty();

        Instant later = T0.plusSeconds(3600);
        assertThat(store.useToken("tok1", later).orElseThrow().last()).contains(time(later));
        assertThat(store.token("tok1").orElseThrow().last()).contains(time(later));
        assertThat(store.useToken("nope", later)).isEmpty();
        assertThat(store.token("nope")).isEmpty();

        assertThat(store.deleteToken("tok1")).isTrue();
        assertThat(store.deleteToken("tok1")).isFalse();
        assertThat(store.token("tok1")).isEmpty();
    }

    @Test
    void recreatingATokenStartsAFreshRecord() {
        store.createToken("tok1", "alice", T0);
        store.useToken("tok1", T0.plusSeconds(5));

        store.createToken("tok1", "bob", T0.plusSeconds(10));

        TokenRecord record = store.token("tok1").orElseThrow();
        assertThat(record.user()).contains("bob");
        assertThat(record.created()).contains(time(T0.plusSeconds(10)));
        assertThat(record.last()).isEmpty();
    }

    @Test
    void listsTokensOfAUser() {
        store.createToken("tok1", "alice", T0);
        store.createToken("tok2", "alice", T0.plusSeconds(1));
        store.createToken("tok3", "bob", T0);

        assertThat(store.tokensOf("alice")).extracting(TokenRecord::token).containsExactlyInAnyOrder("tok1", "tok2");
        assertThat(store.tokensOf("Alice")).isEmpty();
    }

    @Test
    void findsRunningVmsCheckedOutWithAToken() {
        readyVm("a", "a1");
        readyVm("b", "b1");
        readyVm("b", "b2");
        store.checkout(new CheckoutRequest(List.of(line("a", 1), line("b", 1)), T0, "tok1", "alice", null, false));
        store.checkout(new CheckoutRequest(List.of(line("b", 1)), T0, "tok2", "bob", null, false));
        String aliceInB = store.vms("b", VmState.RUNNING).stream()
                .filter(vm -> field(vm, Field.TOKEN).orElseThrow().equals("tok1")).findFirst().orElseThrow();

        assertThat(store.runningVmsOfToken("tok1", List.of("a", "b"))).containsExactlyInAnyOrder("a1", aliceInB);
        assertThat(store.runningVmsOfToken("tok1", List.of("b"))).containsExactly(aliceInB);
        assertThat(store.runningVmsOfToken("tok3", List.of("a", "b"))).isEmpty();
    }
}
