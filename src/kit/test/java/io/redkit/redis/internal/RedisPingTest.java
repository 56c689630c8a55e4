package io.redkit.redis.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** The readiness probe's ping against a real redis-server that the test stops and restarts. */
class RedisPingTest {

    @Test
    void ping_RedisUpThenStoppedThenBack_ReportsUpDownUp() {
        RedisTestServer redis = RedisTestServer.shared();
        RedissonClient client = redis.newClient();
        try {
            RedisPing.Result up = RedisPing.ping(client, Duration.ofSeconds(1));
            assertTrue(up.up(), up.toString());

            redis.stop();
            RedisPing.Result down = RedisPing.ping(client, Duration.ofMillis(500));
            assertFalse(down.up(), down.toString());
            assertFalse(down.error().isEmpty(), "a DOWN result says why");

            redis.start();
            RedisPing.Result back = awaitUp(client);
            assertTrue(back.up(), back.toString());
        } finally {
            redis.start();
            client.shutdown();
        }
    }

    private static RedisPing.Result awaitUp(RedissonClient client) {
        RedisPing.Result result = RedisPing.ping(client, Duration.ofSeconds(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!result.up() && System.nanoTime() < deadline) {
            result = RedisPing.ping(client, Duration.ofSeconds(1));
        }
        return result;
    }
}
