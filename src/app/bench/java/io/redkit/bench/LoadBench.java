package io.redkit.bench;

import io.redkit.it.LoadMix;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.PostgresTestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 23's load: two Payara Micro nodes of the reference WAR sharing one Redis and one PostgreSQL, 64 concurrent
 * clients mixing logins, session writes and reads, rate-limit decisions and cache reads for 60 s ({@link LoadMix}).
 * Prints p50/p99, throughput, the 503s and client timeouts, the Redis timeouts the nodes logged, the fail-open
 * admissions and the admitted count of each limit against its limit.
 *
 * <p>{@code -Dbench.load.clients=64 -Dbench.load.seconds=60 -Dbench.load.redisson=<a Redisson YAML>} (to measure
 * other client settings than the kit's defaults; the YAML names no address: the bench's Redis is filled in), {@code
 * -Dbench.load.jvmArgs} (extra {@code -D} settings for both nodes, space-separated {@code key=value}).
 */
final class LoadBench {

    /** The two limits of the mix: one budget each for the whole run, windows longer than the run (exact). */
    static final List<LoadMix.Rule> RULES =
            List.of(new LoadMix.Rule("load-log", 1000), new LoadMix.Rule("load-tb", 1000));

    private LoadBench() {}

    static LoadMix.Result run(String redisAddress) throws Exception {
        int clients = Integer.getInteger("bench.load.clients", 64);
        Duration duration = Duration.ofSeconds(Integer.getInteger("bench.load.seconds", 60));
        Map<String, String> config = new HashMap<>(PostgresTestServer.shared().newDatabase("bench_load"));
        config.putAll(settings());
        String yaml = System.getProperty("bench.load.redisson", "");
        if (yaml.isBlank()) {
            config.put("redkit.redis.address", redisAddress);
        } else {
            config.put("redkit.redis.config", withAddress(yaml, redisAddress));
        }
        for (String pair : System.getProperty("bench.load.jvmArgs", "").trim().split("\\s+")) {
            if (pair.contains("=")) {
                config.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        List<PayaraMicroNode> nodes = PayaraMicroNode.startPair("bench-load", config, config);
        try {
            // warm-up: every endpoint of the mix compiled and every pool filled before the measured run
            LoadMix.run(nodes, new LoadMix.Options(clients, 3000, Duration.ofSeconds(15), List.of()));
            return LoadMix.run(nodes, new LoadMix.Options(clients, 2_000_000, duration, RULES));
        } finally {
            PayaraMicroNode.closeAll(nodes.toArray(PayaraMicroNode[]::new));
        }
    }

    /** The node settings of the mix: its two limit rules (fail-open: the kit's default policy) and no job ticks. */
    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(LoadMix.ruleSettings(RULES));
        settings.put("redkit.app.jobs.summary.seconds", "off");
        settings.put("redkit.ratelimit.rules", "load-log,load-tb");
        return settings;
    }

    /** A copy of the Redisson YAML at {@code file} with the bench's Redis as its single server's address. */
    private static String withAddress(String file, String address) throws java.io.IOException {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("bench-load-", ".yaml");
        copy.toFile().deleteOnExit();
        java.nio.file.Files.writeString(copy, text.replace("${BENCH_REDIS}", address));
        return copy.toString();
    }
}
