package org.vmpooler.server.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import org.vmpooler.server.ServiceProcesses;

/**
 * A whole deployment on loopback, as an operator runs it: one redis-server of its own, {@code managers} manager
 * processes and two API replicas ({@code bin/vmpooler manager|api}), all with one configuration whose pools use
 * the dummy provider with a shared inventory file. Pools are small and the manager's loops short, so that a
 * fault and the recovery from it take seconds.
 */
final class FaultCluster implements AutoCloseable {
    static final List<String> POOLS = List.of("debian", "centos");
    /**
     * Large enough that a flushed store trips the manager's safety switch, which adopts the VMs back (over 5 VMs
     * unknown; a smaller flushed pool's VMs would be taken for leaks after unknown_vm_grace).
     */
    static final int POOL_SIZE = 6;
    /** Short, so that a dead or frozen manager's pools change hands within the suite's bounds. */
    static final Duration LEASE_TTL = Duration.ofSeconds(10);

    private final LocalRedis redis;
    private final Path inventory;
    private final List<ServiceInstance> managers;
    private final List<ServiceInstance> apis;
    private boolean closed;

    private FaultCluster(LocalRedis redis, Path inventory, List<ServiceInstance> managers, List<ServiceInstance> apis) {
        this.redis = redis;
        this.inventory = inventory;
        this.managers = managers;
        this.apis = apis;
    }

    /** Starts Redis, then the managers (which publish the pools), then the API replicas. */
    static FaultCluster start(Path dir, int managerCount, LocalRedis.Persistence persistence) throws IOException {
        LocalRedis redis = LocalRedis.start(ServiceProcesses.freePort(), Files.createDirectories(dir.resolve("redis")),
                persistence);
        Path inventory = dir.resolve("dummy-inventory.yaml");
        Path config = Files.writeString(dir.resolve("vmpooler.yaml"), configuration(redis.port(), inventory));
        List<ServiceInstance> managers = new ArrayList<>();
        for (int m = 1; m <= managerCount; m++) {
            managers.add(new ServiceInstance("manager-" + m, "manager", ServiceProcesses.freePort(),
                    Files.createDirectories(dir.resolve("manager-" + m)), config));
        }
        List<ServiceInstance> apis = new ArrayList<>();
        for (int a = 1; a <= 2; a++) {
            apis.add(new ServiceInstance("api-" + a, "api", ServiceProcesses.freePort(),
                    Files.createDirectories(dir.resolve("api-" + a)), config));
        }
        FaultCluster cluster = new FaultCluster(redis, inventory, managers, apis);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopQuietly));
        for (ServiceInstance service : cluster.services()) {
            service.start();
        }
        return cluster;
    }

    /**
     * Short loops (a pass every 1-2 s), quick dummy clones and destroys with room for several at once (the
     * dummy's default of one connection makes every call queue behind the last), a pending VM given up after a minute,
     * Redis reconnection attempts a second apart for a minute.
     */
    private static String configuration(int redisPort, Path inventory) {
        String pools = POOLS.stream().map(pool -> """
                  - name: %s
                    template: templates/%s
                    size: %d
                    provider: dummy
                    dns_plugin: example
                """.formatted(pool, pool, POOL_SIZE)).collect(Collectors.joining());
        return """
                :config:
                  site_name: fault injection
                  prefix: 'fi-'
                  task_limit: 6
                  timeout: 1
                  check_loop_delay_min: 1
                  check_loop_delay_max: 2
                  dns_check_timeout: 1
                  manager_lease_ttl: %d
                :redis:
                  server: 127.0.0.1
                  port: %d
                  reconnect_attempts: %s
                :providers:
                  :dummy:
                    provider_class: dummy
                    filename: %s
                    connection_pool_size: 4
                    createvm_max_time: 0.5
                    destroyvm_max_time: 0.2
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                :pools:
                """.formatted(LEASE_TTL.toSeconds(), redisPort, "[" + String.join(", ", Collections.nCopies(60, "1")) + "]",
                inventory) + pools;
    }

    LocalRedis redis() {
        return redis;
    }

    Path inventory() {
        return inventory;
    }

    List<ServiceInstance> managers() {
        return managers;
    }

    List<ServiceInstance> apis() {
        return apis;
    }

    private List<ServiceInstance> services() {
        List<ServiceInstance> all = new ArrayList<>(managers);
        all.addAll(apis);
        return all;
    }

    /** The last lines of every service's current log, for a failure message. */
    String logTails() {
        StringBuilder tails = new StringBuilder();
        for (ServiceInstance service : services()) {
            try {
                List<String> lines = service.logText().lines().toList();
                tails.append("\n--- ").append(service.name()).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException e) {
                tails.append("\n--- ").append(service.name()).append(": no log (").append(e.getMessage()).append(')');
            }
        }
        return tails.toString();
    }

    private void stopQuietly() {
        try {
            close();
        } catch (Exception e) {
            // the JVM is exiting; what could be stopped was
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        for (ServiceInstance service : services()) {
            service.stop();
        }
        redis.close();
    }
}
