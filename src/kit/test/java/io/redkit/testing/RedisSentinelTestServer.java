package io.redkit.testing;

import io.redkit.redis.internal.EmbeddedRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import redis.embedded.RedisSentinel;

/**
 * A master, one or more replicas and three Sentinels (quorum 2) on loopback, from the same redis-server binary as
 * every other test; the master can be stopped or killed to make the Sentinels fail over to a replica.
 */
public final class RedisSentinelTestServer implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";

    private final List<EmbeddedRedis> servers = new ArrayList<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<Path> configs = new ArrayList<>();

    private RedisSentinelTestServer() {}

    public static RedisSentinelTestServer start() {
        return start(1);
    }

    /** A master with {@code replicas} replicas (so that, after a failover, the new master still has a replica). */
    public static RedisSentinelTestServer start(int replicas) {
        RedisSentinelTestServer topology = new RedisSentinelTestServer();
        try {
            topology.form(replicas);
            return topology;
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    private void form(int replicas) {
        EmbeddedRedis master = EmbeddedRedis.start(0);
        servers.add(master);
        for (int r = 0; r < replicas; r++) {
            EmbeddedRedis replica = EmbeddedRedis.start(0, "replicaof 127.0.0.1 " + master.port());
            servers.add(replica);
            Awaitility.await("the replica is in sync")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> FaultyRedis.command(replica.port(), "INFO", "replication")
                            .contains("master_link_status:up"));
        }
        for (int i = 0; i < 3; i++) {
            int port = EmbeddedRedis.freePort();
            Path config;
            try {
                // a file of its own: a Sentinel rewrites its configuration as it learns the topology
                config = Files.createTempFile("redkit-sentinel-" + port, ".conf");
                Files.write(
                        config,
                        List.of(
                                "bind 127.0.0.1",
                                "port " + port,
                                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
                                "sentinel down-after-milliseconds " + MASTER_NAME + " 2000",
                                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                                "sentinel parallel-syncs " + MASTER_NAME + " 1"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            configs.add(config);
            RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                    .port(port)
                    .configFile(config.toString())
                    .onShutdownForceStop(true)
                    .build();
            try {
                sentinel.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start a Sentinel on port " + port, e);
            }
            sentinels.add(sentinel);
            sentinelPorts.add(port);
        }
        try {
            Awaitility.await("the Sentinels see the master, its replica and each other")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> sentinelPorts.stream().allMatch(p -> {
                        String info = FaultyRedis.command(p, "INFO", "sentinel");
                        return info.contains("status=ok")
                                && info.contains("slaves=" + replicas)
                                && info.contains("sentinels=3");
                    }));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder();
            sentinelPorts.forEach(p -> seen.append(p).append(": ").append(FaultyRedis.command(p, "INFO", "sentinel")));
            throw new IllegalStateException("Sentinels not ready: " + seen, e);
        }
    }

    /** {@code redis://127.0.0.1:<port>} of the three Sentinels. */
    public List<String> sentinelAddresses() {
        return sentinelPorts.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    /** The port of the current master, as the first Sentinel reports it. */
    public int masterPort() {
        String info = FaultyRedis.command(sentinelPorts.get(0), "INFO", "sentinel");
        int at = info.indexOf("address=");
        if (at < 0) {
            throw new IllegalStateException("the Sentinel knows no master: " + info);
        }
        String address = info.substring(at + "address=".length(), info.indexOf(',', at));
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The ports of the running servers other than {@code master}: its replicas. */
    public List<Integer> replicasOf(int master) {
        return servers.stream()
                .filter(EmbeddedRedis::isActive)
                .map(EmbeddedRedis::port)
                .filter(port -> port != master)
                .toList();
    }

    /** Stops the server on {@code port} (the master, for a failover): a shutdown, which lets replicas catch up. */
    public void stop(int port) {
        server(port).close();
    }

    /** kill -9 of the server on {@code port}: what it had not yet sent to its replicas is lost. */
    public void kill(int port) {
        EmbeddedRedis server = server(port);
        FaultyRedis.killNine(port);
        try {
            server.close();
        } catch (RuntimeException alreadyDead) {
            // the wrapper may complain that its process is gone; it is
        }
    }

    private EmbeddedRedis server(int port) {
        for (EmbeddedRedis server : servers) {
            if (server.port() == port && server.isActive()) {
                return server;
            }
        }
        throw new IllegalArgumentException("no running server on port " + port);
    }

    /**
     * A Redisson YAML for this topology made from {@code template} (e.g. {@code
     * server-config/redisson-sentinel.yaml}): the same settings, with its {@code sentinelAddresses} replaced.
     */
    public Path yaml(Path template) {
        try {
            Path file = Files.createTempFile("redisson-sentinel", ".yaml");
            configs.add(file);
            return RedissonYaml.withAddresses(template, "sentinelAddresses", sentinelAddresses(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (RedisSentinel sentinel : sentinels) {
            try {
                sentinel.stop();
            } catch (IOException | RuntimeException e) {
                // already stopped
            }
        }
        for (EmbeddedRedis server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                // already stopped
            }
        }
        for (Path config : configs) {
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                // a temporary file: best effort
            }
        }
    }
}
