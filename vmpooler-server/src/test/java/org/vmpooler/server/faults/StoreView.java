package org.vmpooler.server.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.yaml.snakeyaml.Yaml;

/**
 * What the store and the provider hold, read directly: a pool's five exclusive queues in one transaction (so a
 * VM moving between two of them is never seen in both), and the dummy provider's inventory file.
 */
final class StoreView {
    private StoreView() {
    }

    /** One pool's queues at one instant: state → VMs. */
    record PoolQueues(String pool, Map<VmState, Set<String>> queues) {
        Set<String> get(VmState state) {
            return queues.get(state);
        }

        /** Every VM the store knows in this pool, whatever its state. */
        Set<String> known() {
            Set<String> all = new HashSet<>();
            queues.values().forEach(all::addAll);
            return all;
        }

        /** VMs found in more than one queue, with the queues. */
        Map<String, List<VmState>> inTwoStates() {
            Map<String, List<VmState>> states = new HashMap<>();
            queues.forEach((state, vms) -> vms.forEach(vm -> states.computeIfAbsent(vm,
                    v -> new java.util.ArrayList<>()).add(state)));
            states.values().removeIf(s -> s.size() < 2);
            return states;
        }

        int readyAndPending() {
            return get(VmState.READY).size() + get(VmState.PENDING).size();
        }
    }

    static PoolQueues queues(LocalRedis redis, String pool) {
        RedisCommands<String, String> commands = redis.connection().sync();
        synchronized (redis) { // MULTI belongs to the connection: one transaction at a time on it
            commands.multi();
            for (VmState state : VmState.EXCLUSIVE) {
                commands.smembers(Keys.queue(state, pool));
            }
            TransactionResult result = commands.exec();
            Map<VmState, Set<String>> queues = new HashMap<>();
            for (int i = 0; i < VmState.EXCLUSIVE.size(); i++) {
                Set<String> members = result.get(i);
                queues.put(VmState.EXCLUSIVE.get(i), Set.copyOf(members));
            }
            return new PoolQueues(pool, queues);
        }
    }

    /** The dummy's VMs of each pool as its file says (the file is replaced whole, never seen half-written). */
    static Map<String, Set<String>> inventory(Path file) throws IOException {
        Map<String, Set<String>> byPool = new HashMap<>();
        if (!Files.exists(file)) {
            return byPool;
        }
        Object document = new Yaml().load(Files.readString(file));
        if (document instanceof Map<?, ?> root && root.get("pool") instanceof Map<?, ?> pools) {
            pools.forEach((pool, vms) -> {
                Set<String> names = new HashSet<>();
                if (vms instanceof List<?> list) {
                    list.forEach(vm -> names.add(String.valueOf(((Map<?, ?>) vm).get("name"))));
                }
                byPool.put(String.valueOf(pool), names);
            });
        }
        return byPool;
    }
}
