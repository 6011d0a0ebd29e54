package org.vmpooler.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The in-memory {@link Tokens}.
 * Callers go through {@link InMemoryStore}.
 */
final class InMemoryTokens implements Tokens {
    private final LockedKeyspace data;
    private final Keyspace keys;

    InMemoryTokens(LockedKeyspace data) {
        this.data = data;
        this.keys = data.keys();
    }

    @Override
    public void createToken(String token, String user, Instant created) {
        data.run(() -> {
            keys.del(Keys.token(token));
            keys.hset(Keys.token(token), TokenRecord.USER, user);
            keys.hset(Keys.token(token), TokenRecord.CREATED, data.time(created));
        });
    }

    @Override
    public Optional<TokenRecord> token(String token) {
        return data.atomically(() -> tokenRecord(token));
    }

    private Optional<TokenRecord> tokenRecord(String token) {
        Map<String, String> fields = keys.hgetAll(Keys.token(token));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, fields));
    }

    @Override
    public Optional<TokenRecord> useToken(String token, Instant now) {
        return data.atomically(() -> {
            if (!keys.exists(Keys.token(token))) {
                return Optional.empty();
            }
            keys.hset(Keys.token(token), TokenRecord.LAST, data.time(now));
            return tokenRecord(token);
        });
    }

    @Override
    public boolean deleteToken(String token) {
        return data.atomically(() -> keys.del(Keys.token(token)));
    }

    @Override
    public List<TokenRecord> tokensOf(String user) {
        return data.atomically(() -> keys.keysWithPrefix(Keys.TOKEN_PREFIX).stream().sorted()
                .map(key -> tokenRecord(key.substring(Keys.TOKEN_PREFIX.length())))
                .flatMap(Optional::stream)
                .filter(record -> record.user().filter(user::equals).isPresent())
                .toList());
    }

    @Override
    public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        return data.atomically(() -> {
            List<String> vms = new ArrayList<>();
            for (String pool : pools) {
                for (String vm : keys.smembers(Keys.queue(VmState.RUNNING, pool))) {
                    if (keys.hget(Keys.vm(vm), Field.TOKEN).filter(token::equals).isPresent()) {
                        vms.add(vm);
                    }
                }
            }
            return vms;
        });
    }
}
