package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.list;
import static org.vmpooler.redis.RedisValues.pairs;
import static org.vmpooler.redis.RedisValues.strings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lettuce.core.ScriptOutputType;

import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.Tokens;

/**
 * The Redis {@link Tokens}.
 */
final class RedisTokens implements Tokens {
    private final RedisGateway gateway;
    private final ZoneId zone;

    RedisTokens(RedisGateway gateway, ZoneId zone) {
        this.gateway = gateway;
        this.zone = zone;
    }

    @Override
    public void createToken(String token, String user, Instant created) {
        gateway.replaceHash("create a token for " + user, Keys.token(token),
                Map.of(TokenRecord.USER, user, TokenRecord.CREATED, time(created)), "");
    }

    @Override
    public Optional<TokenRecord> token(String token) {
        Map<String, String> fields = gateway.call("read a token", r -> r.hgetall(Keys.token(token)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, fields));
    }

    @Override
    public Optional<TokenRecord> useToken(String token, Instant now) {
        List<Object> fields = gateway.script("record the use of a token", LuaScript.USE_TOKEN, ScriptOutputType.MULTI,
                List.of(Keys.token(token)), List.of(time(now)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, pairs(fields)));
    }

    @Override
    public boolean deleteToken(String token) {
        return gateway.call("delete a token", r -> r.del(Keys.token(token)) > 0);
    }

    @Override
    public List<TokenRecord> tokensOf(String user) {
        List<String> keys = gateway.keysStartingWith(Keys.TOKEN_PREFIX, "list the tokens");
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Object> hashes = gateway.script("read the tokens", LuaScript.HASHES, ScriptOutputType.MULTI, keys,
                List.of());
        List<TokenRecord> tokens = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, String> fields = pairs(hashes.get(i));
            if (user.equals(fields.get(TokenRecord.USER))) {
                tokens.add(new TokenRecord(keys.get(i).substring(Keys.TOKEN_PREFIX.length()), fields));
            }
        }
        return tokens;
    }

    @Override
    public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        if (pools.isEmpty()) {
            return List.of();
        }
        List<String> keys = pools.stream().distinct().map(pool -> Keys.queue(VmState.RUNNING, pool)).toList();
        return strings(gateway.script("find the VMs of a token", LuaScript.RUNNING_VMS_OF_TOKEN,
                ScriptOutputType.MULTI, keys,
                List.of(token, Keys.VM_PREFIX)));
    }

    private String time(Instant instant) {
        return RubyTime.format(instant, zone);
    }
}
