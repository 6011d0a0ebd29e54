package org.vmpooler.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.vmpooler.domain.TokenRecord;

/**
 * API tokens and the VMs checked out with one.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface Tokens {

    /** Records a new token ({@code user}, {@code created}), replacing any record of that token. */
    void createToken(String token, String user, Instant created);

    Optional<TokenRecord> token(String token);

    /** If the token exists, records {@code last} = now and returns it. */
    Optional<TokenRecord> useToken(String token, Instant now);

    boolean deleteToken(String token);

    List<TokenRecord> tokensOf(String user);

    /** Running VMs of the given pools that were checked out with the token. */
    List<String> runningVmsOfToken(String token, Collection<String> pools);
}
