package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.countsByPool;
import static org.vmpooler.redis.RedisValues.durations;
import static org.vmpooler.redis.RedisValues.list;
import static org.vmpooler.redis.RedisValues.strings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;

import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.Statistics;

/**
 * The Redis {@link Statistics}.
 */
final class RedisStatistics implements Statistics {
    private final RedisGateway gateway;

    RedisStatistics(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return gateway.call("read the statistics of " + day, r -> r.hgetall(Keys.dailyStat(stat, day)));
    }

    @Override
    public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pools));
        List<String> args = new ArrayList<>();
        for (VmState state : VmState.values()) {
            args.add(Keys.queuePrefix(state));
        }
        args.addAll(List.of(Keys.LASTBOOT, Keys.cloneSlots(CloneKind.POOL),
                Keys.cloneSlots(CloneKind.ONDEMAND), Keys.PROVISIONING_REQUEST, Keys.ONDEMAND_TASKS,
                Keys.ODREQUEST_PREFIX,
                Keys.dailyStat(DailyStat.CLONE, day), Keys.dailyStatSummary(DailyStat.CLONE, day),
                Keys.dailyStat(DailyStat.BOOT, day), Keys.dailyStatSummary(DailyStat.BOOT, day),
                Integer.toString(distinct.size())));
        args.addAll(distinct);
        List<Object> read = gateway.script("read the status", LuaScript.STATUS_SNAPSHOT, ScriptOutputType.MULTI,
                List.of(), args);
        List<String> boots = strings(read.get(1));
        Map<String, String> lastBoot = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            if (!boots.get(i).isEmpty()) {
                lastBoot.put(distinct.get(i), boots.get(i));
            }
        }
        return new StatusSnapshot(countsByPool(distinct, list(read.get(0))), lastBoot,
                Math.max(0, (Long) read.get(2)), Math.max(0, (Long) read.get(3)), (Long) read.get(4),
                durations(read.get(5)), durations(read.get(6)));
    }
}
