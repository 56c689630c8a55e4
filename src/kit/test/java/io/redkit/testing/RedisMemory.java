package io.redkit.testing;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedissonConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.redisson.Redisson;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Measures what items cost in Redis memory, on a redis-server of its own (the embedded one, or the binary named by
 * {@code redkit.redis.embedded.executable}), so that nothing else lives in it while it measures. Each measurement
 * starts from an empty server ({@code FLUSHALL}) and reports two figures per item:
 *
 * <ul>
 *   <li>{@code MEMORY USAGE <key> SAMPLES 0} summed over every key the items left (exact: every element counted),
 *       divided by the items: the value, the key name and its main-dictionary entry;
 *   <li>the growth of {@code used_memory} (INFO memory) divided by the items, leaving out what is not data: client
 *       connection buffers ({@code mem_clients_normal}) and the script cache ({@code used_memory_scripts}). It adds
 *       what {@code MEMORY USAGE} does not see: the expiry dictionary's entries of keys with a TTL, the dictionaries'
 *       bucket arrays, the allocator's rounding.
 * </ul>
 */
public final class RedisMemory implements AutoCloseable {

    /** One row of the table: what {@code count} items left in Redis, per item. */
    public record Figure(
            String item,
            int count,
            int keys,
            int keysWithTtl,
            double keyBytesPerItem,
            double usedMemoryPerItem,
            long longestTtlMillis,
            String encodings) {}

    /** Writes {@code count} items and runs {@code measure} while they are all in Redis. */
    @FunctionalInterface
    public interface Writer {
        void write(int count, Runnable measure) throws Exception;
    }

    /** Writes item {@code i}. */
    @FunctionalInterface
    public interface ItemWriter {
        void write(int i) throws Exception;
    }

    private static final String KEY_FACTS = "return {redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0'),"
            + " redis.call('PTTL', KEYS[1]), redis.call('TYPE', KEYS[1])['ok'],"
            + " redis.call('OBJECT', 'ENCODING', KEYS[1])}";

    /**
     * Commands wait this long, and are tried this often when they cannot even be sent (a starved CPU): a measurement
     * is about bytes, and a busy machine must not fail it.
     */
    private static final String COMMAND_TIMEOUT = "30s";

    private static final int PATIENT_RETRIES = 30;

    private final EmbeddedRedis server;
    private final RedissonClient client;

    private RedisMemory(EmbeddedRedis server) {
        this.server = server;
        RedisSettings settings = RedisSettings.from(ConfigReader.of(
                Map.of(RedisSettings.ADDRESS, server.address(), RedisSettings.TIMEOUT, COMMAND_TIMEOUT)));
        Config config = RedissonConfigs.create(settings, null, getClass().getClassLoader());
        config.useSingleServer().setRetryAttempts(PATIENT_RETRIES);
        this.client = Redisson.create(config);
    }

    /** Starts a redis-server of its own on a free port. */
    public static RedisMemory start() {
        return new RedisMemory(EmbeddedRedis.start(0));
    }

    /** A client configured as the application configures one, for the code under measurement. */
    public RedissonClient client() {
        return client;
    }

    public String address() {
        return server.address();
    }

    /** {@code redis_version} of the server measured on. */
    public String version() {
        return info(RedisNode.InfoSection.SERVER).get("redis_version");
    }

    /** Items written one after the other by {@code item}, measured after the last. */
    public static Writer each(ItemWriter item) {
        return (count, measure) -> {
            for (int i = 0; i < count; i++) {
                item.write(i);
            }
            measure.run();
        };
    }

    /** Empties the server, lets {@code writer} write {@code count} items, and measures them. */
    public Figure measure(String item, int count, Writer writer) {
        client.getKeys().flushall();
        long before = dataMemory();
        Figure[] figure = new Figure[1];
        try {
            writer.write(count, () -> figure[0] = measureNow(item, count, before));
        } catch (Exception e) {
            throw new IllegalStateException("Writing " + count + " x " + item + " failed: " + e, e);
        }
        if (figure[0] == null) {
            throw new IllegalStateException("The writer of " + item + " never measured");
        }
        return figure[0];
    }

    private Figure measureNow(String item, int count, long before) {
        long grown = dataMemory() - before;
        List<String> keys = new ArrayList<>();
        client.getKeys().getKeys().forEach(keys::add);
        RBatch batch = client.createBatch();
        for (String key : keys) {
            batch.getScript(StringCodec.INSTANCE)
                    .evalAsync(RScript.Mode.READ_ONLY, KEY_FACTS, RScript.ReturnType.MULTI, List.of(key));
        }
        BatchResult<?> facts = batch.execute();
        long usage = 0;
        int withTtl = 0;
        long longestTtl = -1;
        TreeSet<String> encodings = new TreeSet<>();
        for (Object reply : facts.getResponses()) {
            List<?> f = (List<?>) reply;
            usage += ((Number) f.get(0)).longValue();
            long ttl = ((Number) f.get(1)).longValue();
            if (ttl >= 0) {
                withTtl++;
                longestTtl = Math.max(longestTtl, ttl);
            }
            encodings.add(f.get(2) + ":" + f.get(3));
        }
        return new Figure(
                item,
                count,
                keys.size(),
                withTtl,
                (double) usage / count,
                (double) grown / count,
                longestTtl,
                String.join(", ", encodings));
    }

    /** {@code used_memory} without client buffers and the script cache. */
    private long dataMemory() {
        Map<String, String> memory = info(RedisNode.InfoSection.MEMORY);
        return Long.parseLong(memory.get("used_memory"))
                - Long.parseLong(memory.get("mem_clients_normal"))
                - Long.parseLong(memory.get("used_memory_scripts"));
    }

    private Map<String, String> info(RedisNode.InfoSection section) {
        return client.getRedisNodes(RedisNodes.SINGLE).getInstance().info(section);
    }

    @Override
    public void close() {
        try {
            client.shutdown();
        } finally {
            server.close();
        }
    }
}
