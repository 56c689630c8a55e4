package io.redkit.app.queue;

import io.redkit.redis.RedkitKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The demo's message handler, idempotent as at-least-once delivery requires: its effect — recording the message as
 * processed ({@code SADD} to {@code <prefix>:queue:{q}:processed}, counting {@code processed} in {@code
 * ...:stats}) — happens once per message id however often it is delivered; a repeat delivery only counts {@code
 * duplicates}. The body may ask it to work for {@code workMillis} and to fail its first {@code failTimes} attempts.
 */
final class DemoHandler {

    private static final String COMPLETE =
            """
            if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
              redis.call('HINCRBY', KEYS[2], 'processed', 1)
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
              return 1
            end
            redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 0
            """;

    private final RedissonClient redisson;
    private final RedkitKeys keys;

    DemoHandler(RedissonClient redisson, RedkitKeys keys) {
        this.redisson = redisson;
        this.keys = keys;
    }

    void handle(String queue, ReliableQueue.Message message) throws Exception {
        JsonObject envelope;
        try (JsonReader reader = Json.createReader(new StringReader(message.json()))) {
            envelope = reader.readObject();
        }
        JsonObject body = envelope.get("body") instanceof JsonObject o
                ? o
                : Json.createObjectBuilder().build();
        long work = body.getJsonNumber("workMillis") == null
                ? 0
                : body.getJsonNumber("workMillis").longValue();
        if (work > 0) {
            Thread.sleep(Math.min(work, 60_000));
        }
        int failTimes = body.getInt("failTimes", 0);
        if (envelope.getInt("attempts", 0) < failTimes) {
            throw new IllegalStateException("simulated failure (failTimes=" + failTimes + ")");
        }
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        COMPLETE,
                        RScript.ReturnType.INTEGER,
                        List.of(
                                keys.tagged(ReliableQueue.FEATURE, queue, "processed"),
                                keys.tagged(ReliableQueue.FEATURE, queue, "stats")),
                        message.id(),
                        Duration.ofDays(1).toMillis());
    }

    /** {processed, duplicates} so far. */
    long[] counts(String queue) {
        var stats = redisson.<String, String>getMap(
                        keys.tagged(ReliableQueue.FEATURE, queue, "stats"), StringCodec.INSTANCE)
                .readAllMap();
        return new long[] {
            Long.parseLong(stats.getOrDefault("processed", "0")), Long.parseLong(stats.getOrDefault("duplicates", "0"))
        };
    }
}
