package io.redkit.session.internal;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.FaultyRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * What {@code redkit.session.wait-replicas=1} costs a session commit: on a master with one replica (loopback), one
 * thread, the same session attribute written by a raw Redisson {@code HSET} (baseline), by redkit's commit, and by
 * redkit's commit with {@code WAIT 1}; rounds interleave the variants so that drift hits all three alike. A harness,
 * not JMH: each variant is a blocking round trip, timed one by one.
 */
public final class SessionWaitBench {

    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 20_000;
    private static final int ROUNDS = 4;

    private SessionWaitBench() {}

    public record Result(String variant, double opsPerSecond, double p50Micros, double p99Micros) {}

    public static List<Result> run() {
        try (EmbeddedRedis master = EmbeddedRedis.start(0);
                EmbeddedRedis replica = EmbeddedRedis.start(0, "replicaof 127.0.0.1 " + master.port())) {
            while (!FaultyRedis.command(replica.port(), "INFO", "replication").contains("master_link_status:up")) {
                Thread.onSpinWait();
            }
            RedissonClient redisson = Redisson.create(RedissonConfigs.create(
                    RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.ADDRESS, master.address()))),
                    null,
                    SessionWaitBench.class.getClassLoader()));
            try {
                RedkitKeys keys = new RedkitKeys("bench");
                SessionStore plain = new SessionStore(redisson, keys, 1000, 0, Duration.ofSeconds(1));
                SessionStore waiting = new SessionStore(redisson, keys, 1000, 1, Duration.ofSeconds(1));
                String id = SessionIds.newId();
                plain.save(id, true, System.currentTimeMillis(), 1800, Map.of(), List.of());
                String key = plain.key(id);
                var raw = redisson.<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE);
                byte[] field = "a:cart".getBytes(StandardCharsets.UTF_8);
                List<String> names = List.of("HSET (baseline)", "redkit commit", "commit + WAIT 1");
                List<IntConsumer> variants = List.of(
                        i -> raw.fastPut(field, value(i)),
                        i -> plain.save(id, false, 0, 1800, Map.of("cart", value(i)), List.of()),
                        i -> waiting.save(id, false, 0, 1800, Map.of("cart", value(i)), List.of()));
                for (IntConsumer variant : variants) {
                    for (int i = 0; i < WARM_UP; i++) {
                        variant.accept(i);
                    }
                }
                List<List<Long>> samples = new ArrayList<>();
                long[] elapsed = new long[variants.size()];
                for (int v = 0; v < variants.size(); v++) {
                    samples.add(new ArrayList<>(MEASURED));
                }
                for (int round = 0; round < ROUNDS; round++) {
                    for (int v = 0; v < variants.size(); v++) {
                        long roundStart = System.nanoTime();
                        for (int i = 0; i < MEASURED / ROUNDS; i++) {
                            long start = System.nanoTime();
                            variants.get(v).accept(i);
                            samples.get(v).add(System.nanoTime() - start);
                        }
                        elapsed[v] += System.nanoTime() - roundStart;
                    }
                }
                List<Result> results = new ArrayList<>();
                for (int v = 0; v < variants.size(); v++) {
                    long[] sorted = samples.get(v).stream()
                            .mapToLong(Long::longValue)
                            .sorted()
                            .toArray();
                    results.add(new Result(
                            names.get(v),
                            MEASURED / (elapsed[v] / 1e9),
                            sorted[sorted.length / 2] / 1e3,
                            sorted[(int) (sorted.length * 0.99)] / 1e3));
                }
                return results;
            } finally {
                redisson.shutdown();
            }
        }
    }

    private static byte[] value(int i) {
        byte[] value = new byte[200];
        Arrays.fill(value, (byte) ('a' + i % 26));
        return value;
    }
}
