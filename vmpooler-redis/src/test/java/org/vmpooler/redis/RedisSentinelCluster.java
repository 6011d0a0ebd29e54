package org.vmpooler.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import org.awaitility.Awaitility;

import org.vmpooler.config.RedisConfig;

/**
 * A Redis Sentinel deployment on loopback for tests: a master, one replica and three sentinels
 * ({@code redis-server --sentinel}), each a real process on a free 127.0.0.1 port with a directory of its own
 * under the given one. Nothing is persisted to disk. Every process runs under {@code timeout}, so that even a
 * test JVM killed before {@link #close()} leaves nothing running for long.
 *
 * <p>Faults to inject: {@link #failover()} (a sentinel's manual failover, the old master staying up and turned
 * into a replica) and {@link #killMaster()} (SIGKILL of the current master, the sentinels promoting the replica
 * once they agree it is down), with {@link #restartKilled()} to bring the killed node back as a replica.
 */
public final class RedisSentinelCluster implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String MASTER_NAME = "vmpooler-ha";
    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final Duration DOWN_AFTER = Duration.ofSeconds(2);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LIFETIME = Duration.ofMinutes(20);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final Path dir;
    private final RedisClient client = RedisClient.create();
    private final List<Node> dataNodes = new ArrayList<>();
    private final List<Node> sentinels = new ArrayList<>();
    private final Map<Integer, Long> pids = new ConcurrentHashMap<>();
    private Node killed;

    private RedisSentinelCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts master, replica and sentinels and returns once every sentinel watches both nodes and its peers. */
    public static RedisSentinelCluster start(Path dir) throws IOException {
        RedisSentinelCluster cluster = new RedisSentinelCluster(dir);
        try {
            Node master = cluster.startDataNode("master", freePort(), Optional.empty());
            cluster.startDataNode("replica", freePort(), Optional.of(master.port));
            for (int i = 1; i <= SENTINELS; i++) {
                cluster.startSentinel("sentinel-" + i, freePort(), master.port);
            }
            cluster.awaitSettled(master.port, 1);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code host:port} of every sentinel, as {@code :redis: > :sentinel: > sentinels} lists them. */
    public List<String> sentinelNodes() {
        return sentinels.stream().map(s -> HOST + ":" + s.port).toList();
    }

    /**
     * A store configuration reaching the master through the sentinels, on {@code database}, with quick
     * reconnection and one replica confirming each client-acknowledged change.
     */
    public RedisConfig config(int database) {
        return new RedisConfig(HOST, 6379, Optional.empty(), Optional.empty(), database,
                Optional.of(new RedisConfig.Sentinel(MASTER_NAME, sentinelNodes())), Duration.ofHours(168), 10,
                Duration.ofSeconds(5), List.of(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500)),
                new RedisConfig.ReplicaAcknowledgement(1, Duration.ofSeconds(2)));
    }

    /** The port of the master as the first sentinel that answers names it. */
    public int masterPort() {
        for (Node sentinel : sentinels) {
            try {
                return onSentinel(sentinel, s -> masterPortOn(s));
            } catch (RuntimeException e) {
                // ask the next one
            }
        }
        throw new IllegalStateException("No sentinel of " + sentinelNodes() + " names a master");
    }

    /** The ports of the master and replica processes that are running. */
    public List<Integer> dataPorts() {
        return dataNodes.stream().filter(n -> n.process.isAlive()).map(n -> n.port).toList();
    }

    /**
     * A manual failover (SENTINEL FAILOVER): the replica becomes master and the old one its replica. Returns once
     * every sentinel names the new master and the old one replicates from it.
     */
    public int failover() {
        int old = masterPort();
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "OK".equals(onSentinel(sentinels.get(0), s -> s.failover(MASTER_NAME))));
        int promoted = awaitNewMaster(old);
        awaitSettled(promoted, 1);
        return promoted;
    }

    /** Kills the current master with SIGKILL; returns once the sentinels have promoted the replica. */
    public int killMaster() {
        int old = masterPort();
        Node master = dataNodes.stream().filter(n -> n.port == old).findFirst().orElseThrow();
        long pid = pids.containsKey(old) ? pids.remove(old)
                : onNode(old, r -> Long.parseLong(info(r.info("server"), "process_id")));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !master.process.isAlive());
        killed = master;
        int promoted = awaitNewMaster(old);
        awaitSettled(promoted, 0);
        return promoted;
    }

    /** Starts the node {@link #killMaster()} killed again, empty; the sentinels make it the master's replica. */
    public void restartKilled() throws IOException {
        if (killed == null) {
            throw new IllegalStateException("no node was killed");
        }
        dataNodes.remove(killed);
        startDataNode(killed.name + "-again", killed.port, Optional.of(masterPort()));
        killed = null;
        awaitSettled(masterPort(), 1);
    }

    /** The port of a running data node that is not the master. */
    public int replicaPort() {
        int master = masterPort();
        return dataPorts().stream().filter(p -> p != master).findFirst()
                .orElseThrow(() -> new IllegalStateException("no replica is running"));
    }

    /** Freezes the data node at {@code port} with SIGSTOP (it neither answers nor replicates) until {@link #thaw}. */
    public void freeze(int port) throws IOException, InterruptedException {
        signal(port, "-STOP");
    }

    public void thaw(int port) throws IOException, InterruptedException {
        signal(port, "-CONT");
    }

    private void signal(int port, String signal) throws IOException, InterruptedException {
        long pid = pids.computeIfAbsent(port, p -> onNode(p, r -> Long.parseLong(info(r.info("server"),
                "process_id"))));
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }

    /** Runs {@code commands} on a direct connection to the data node at {@code port}. */
    public <T> T onNode(int port, Function<RedisCommands<String, String>, T> commands) {
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.builder().withHost(HOST).withPort(port).withTimeout(Duration.ofSeconds(5)).build())) {
            return commands.apply(connection.sync());
        }
    }

    /** Runs {@code commands} on database {@code database} of the current master. */
    public <T> T onMaster(int database, Function<RedisCommands<String, String>, T> commands) {
        return onNode(masterPort(), r -> {
            r.select(database);
            return commands.apply(r);
        });
    }

    @Override
    public void close() {
        List<Node> all = new ArrayList<>(sentinels);
        all.addAll(dataNodes);
        for (Node node : all) {
            node.process.destroy();
        }
        for (Node node : all) {
            try {
                node.process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.process.destroyForcibly();
            }
        }
        client.shutdown();
    }

    private int awaitNewMaster(int old) {
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> sentinels.stream().allMatch(s -> onSentinel(s,
                        RedisSentinelCluster::masterPortOn) != old));
        return masterPort();
    }

    /**
     * Waits until every sentinel names {@code master}, knows its {@code replicas} replicas and both other
     * sentinels, and the master has that many replicas attached.
     */
    private void awaitSettled(int master, int replicas) {
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            for (Node sentinel : sentinels) {
                boolean agrees = onSentinel(sentinel, s -> {
                    Map<String, String> watched = s.master(MASTER_NAME);
                    long healthyReplicas = s.replicas(MASTER_NAME).stream()
                            .filter(r -> !r.get("flags").contains("down") && !r.get("flags").contains("disconnected"))
                            .count();
                    return masterPortOn(s) == master
                            && Integer.parseInt(watched.get("num-other-sentinels")) == SENTINELS - 1
                            && healthyReplicas >= replicas;
                });
                if (!agrees) {
                    return false;
                }
            }
            String replication = onNode(master, r -> r.info("replication"));
            // A replica still waiting for its first full copy is counted as connected but holds nothing yet.
            long synced = replication.lines().filter(l -> l.matches("slave\\d+:.*state=online.*")).count();
            return "master".equals(info(replication, "role")) && synced >= replicas;
        });
    }

    private Node startDataNode(String name, int port, Optional<Integer> replicaOf) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        List<String> lines = new ArrayList<>(List.of("port " + port, "bind " + HOST, "daemonize no", "dir " + home,
                "save \"\"", "appendonly no", "repl-diskless-sync-delay 0"));
        replicaOf.ifPresent(masterPort -> lines.add("replicaof " + HOST + " " + masterPort));
        Node node = start(name, port, home, lines, List.of());
        dataNodes.add(node);
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> "PONG".equals(onNode(port, RedisCommands::ping)));
        return node;
    }

    private void startSentinel(String name, int port, int masterPort) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        String m = MASTER_NAME;
        sentinels.add(start(name, port, home, List.of("port " + port, "bind " + HOST, "daemonize no",
                "dir " + home,
                "sentinel monitor " + m + " " + HOST + " " + masterPort + " " + QUORUM,
                "sentinel down-after-milliseconds " + m + " " + DOWN_AFTER.toMillis(),
                "sentinel failover-timeout " + m + " " + FAILOVER_TIMEOUT.toMillis(),
                "sentinel parallel-syncs " + m + " 1"), List.of("--sentinel")));
    }

    private Node start(String name, int port, Path home, List<String> config, List<String> flags) throws IOException {
        Path conf = home.resolve(name + ".conf");
        Files.writeString(conf, String.join("\n", config) + "\n");
        List<String> command = new ArrayList<>(List.of("timeout", Long.toString(LIFETIME.toSeconds()),
                "redis-server", conf.toString()));
        command.addAll(flags);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile()).start();
        return new Node(name, port, process);
    }

    private <T> T onSentinel(Node sentinel, Function<RedisSentinelCommands<String, String>, T> commands) {
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(
                RedisURI.builder().withHost(HOST).withPort(sentinel.port).withTimeout(Duration.ofSeconds(5)).build())) {
            return commands.apply(connection.sync());
        }
    }

    private static int masterPortOn(RedisSentinelCommands<String, String> sentinel) {
        return ((InetSocketAddress) sentinel.getMasterAddrByName(MASTER_NAME)).getPort();
    }

    private static String info(String section, String field) {
        return section.lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).trim())
                .findFirst().orElseThrow(() -> new IllegalStateException("INFO has no " + field));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Node(String name, int port, Process process) {
    }
}
