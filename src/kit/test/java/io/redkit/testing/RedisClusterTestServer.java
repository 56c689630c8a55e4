package io.redkit.testing;

import io.redkit.redis.internal.EmbeddedRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Redis Cluster on loopback, from the same redis-server binary as every other test: {@code masters} masters
 * with {@code replicasPerMaster} replicas each, slots split evenly, joined with {@code CLUSTER MEET}, {@code ADDSLOTS}
 * and {@code REPLICATE}. No Docker, nothing installed.
 */
public final class RedisClusterTestServer implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final Path directory;
    private final List<EmbeddedRedis> nodes = new ArrayList<>();
    private final int masters;

    private RedisClusterTestServer(Path directory, int masters) {
        this.directory = directory;
        this.masters = masters;
    }

    private static RedisClusterTestServer shared;

    /** One 3-master, 3-replica cluster per test JVM, started on first use, stopped when the JVM ends. */
    public static synchronized RedisClusterTestServer shared() {
        if (shared == null) {
            shared = start(3, 1);
            RedisClusterTestServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-redis-cluster"));
        }
        return shared;
    }

    public static RedisClusterTestServer start(int masters, int replicasPerMaster) {
        Path directory;
        try {
            directory = Files.createTempDirectory("redkit-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisClusterTestServer cluster = new RedisClusterTestServer(directory, masters);
        try {
            cluster.form(masters * (1 + replicasPerMaster), replicasPerMaster);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form(int total, int replicasPerMaster) {
        for (int i = 0; i < total; i++) {
            int port = EmbeddedRedis.freePort();
            nodes.add(EmbeddedRedis.start(
                    port,
                    "cluster-enabled yes",
                    "cluster-config-file " + directory.resolve("nodes-" + port + ".conf"),
                    "cluster-node-timeout 2000",
                    "dir " + directory));
        }
        int first = nodes.get(0).port();
        for (int i = 1; i < total; i++) {
            FaultyRedis.command(
                    first,
                    "CLUSTER",
                    "MEET",
                    "127.0.0.1",
                    Integer.toString(nodes.get(i).port()));
        }
        for (int m = 0; m < masters; m++) {
            int from = m * SLOTS / masters;
            int to = (m + 1) * SLOTS / masters;
            for (int chunk = from; chunk < to; chunk += 1024) {
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = chunk; slot < Math.min(to, chunk + 1024); slot++) {
                    command.add(Integer.toString(slot));
                }
                FaultyRedis.command(nodes.get(m).port(), command.toArray(String[]::new));
            }
        }
        Awaitility.await("every node knows every other")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> nodes.stream()
                        .allMatch(n -> clusterNodes(n.port()).lines().count() == total));
        for (int r = 0; r < masters * replicasPerMaster; r++) {
            int master = r % masters;
            String masterId = FaultyRedis.command(nodes.get(master).port(), "CLUSTER", "MYID");
            FaultyRedis.command(nodes.get(masters + r).port(), "CLUSTER", "REPLICATE", masterId);
        }
        Awaitility.await("the cluster is ok, replicas in sync")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nodes.stream()
                                .allMatch(n -> info(n.port(), "cluster_state").equals("ok"))
                        && replicasInSync());
    }

    private boolean replicasInSync() {
        for (int i = masters; i < nodes.size(); i++) {
            String replication = FaultyRedis.command(nodes.get(i).port(), "INFO", "replication");
            if (!replication.contains("master_link_status:up")) {
                return false;
            }
        }
        return true;
    }

    private static String clusterNodes(int port) {
        return FaultyRedis.command(port, "CLUSTER", "NODES");
    }

    private static String info(int port, String field) {
        for (String line : FaultyRedis.command(port, "CLUSTER", "INFO").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return "";
    }

    /** {@code redis://127.0.0.1:<port>} of every node, masters first. */
    public List<String> addresses() {
        return nodes.stream().map(EmbeddedRedis::address).toList();
    }

    /** The ports of the masters (as formed; a failover changes who is master). */
    public List<Integer> masterPorts() {
        return nodes.subList(0, masters).stream().map(EmbeddedRedis::port).toList();
    }

    /** The master port serving {@code slot} (as formed). */
    public int masterOf(int slot) {
        return masterPorts().get(slot * masters / SLOTS);
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}: a hash tag counts, as for every command). */
    public int slotOf(String key) {
        return Integer.parseInt(FaultyRedis.command(nodes.get(0).port(), "CLUSTER", "KEYSLOT", key));
    }

    /**
     * kill -9 of the node on {@code port} (no shutdown: what it had not yet sent to its replicas is lost); its
     * replicas elect a new master after {@code cluster-node-timeout} (2 s).
     */
    public void kill(int port) {
        for (EmbeddedRedis node : nodes) {
            if (node.port() == port) {
                FaultyRedis.killNine(port);
                try {
                    node.close();
                } catch (RuntimeException alreadyDead) {
                    // the wrapper may complain that its process is gone; it is
                }
                return;
            }
        }
        throw new IllegalArgumentException("no cluster node on port " + port);
    }

    /** The port of the node that serves {@code slot} now, as the live nodes see it (after a failover too). */
    public int currentMasterOf(int slot) {
        for (EmbeddedRedis node : nodes) {
            if (!node.isActive()) {
                continue;
            }
            try {
                for (String line : clusterNodes(node.port()).split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                        continue;
                    }
                    for (int i = 8; i < f.length; i++) {
                        String[] range = f[i].split("-");
                        int from = Integer.parseInt(range[0]);
                        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                        if (slot >= from && slot <= to) {
                            return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                        }
                    }
                }
                return -1;
            } catch (RuntimeException e) {
                // a node that is going away: ask the next one
            }
        }
        return -1;
    }

    /** Keys held by each master, in the order of {@link #masterPorts()}. */
    public List<Long> keysPerMaster() {
        return masterPorts().stream()
                .map(port -> Long.parseLong(FaultyRedis.command(port, "DBSIZE")))
                .toList();
    }

    /**
     * A Redisson YAML for this cluster made from {@code template} (e.g. {@code server-config/redisson-cluster.yaml}):
     * the same settings, with its {@code nodeAddresses} replaced by this cluster's.
     */
    public Path yaml(Path template) {
        return RedissonYaml.withAddresses(
                template, "nodeAddresses", addresses(), directory.resolve("redisson-cluster.yaml"));
    }

    @Override
    public void close() {
        for (EmbeddedRedis node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // already stopped
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }
}
