package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.redkit.config.ConfigReader;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.FaultyRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * New subscriptions right after Redis was frozen for longer than the ping interval (5 s): Redisson may hand out the
 * subscription connection it closed during the pause; {@link Subscriptions#add} still subscribes, and what is
 * published next arrives. Redis runs with the kit's own Redisson settings and a 1 s command timeout.
 */
class SubscriptionsTest {

    @Test
    void add_AfterPausesLongerThanThePingInterval_SubscribesAndDelivers() throws Exception {
        try (FaultyRedis redis = FaultyRedis.start(false)) {
            RedissonClient client = Redisson.create(RedissonConfigs.create(
                    RedisSettings.from(ConfigReader.of(
                            Map.of(RedisSettings.ADDRESS, redis.address(), RedisSettings.TIMEOUT, "1s"))),
                    null,
                    getClass().getClassLoader()));
            try {
                BlockingQueue<String> received = new LinkedBlockingQueue<>();
                for (int round = 0; round < 2; round++) {
                    RTopic topic = client.getTopic("subscriptions-test-" + round, StringCodec.INSTANCE);
                    Subscriptions.add(
                            () -> topic.addListener(String.class, (channel, message) -> received.add(message)));
                    assertEquals(1, topic.publish("m" + round), "round " + round + ": subscribers");
                    assertEquals("m" + round, received.poll(10, TimeUnit.SECONDS), "round " + round);

                    redis.pause();
                    long thaw = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                    while (System.nanoTime() - thaw < 0) {
                        try {
                            topic.publish("during the pause");
                        } catch (RuntimeException e) {
                            // the command timed out: Redis is frozen
                        }
                    }
                    redis.resume();
                    Awaitility.await("Redis answers again")
                            .atMost(Duration.ofSeconds(30))
                            .ignoreExceptions()
                            .until(() -> client.getBucket("subscriptions-test").get() == null);
                    received.clear();
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void add_NotAnOutage_ThrownAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException bug = assertThrows(
                IllegalStateException.class,
                () -> Subscriptions.add(() -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("a bug, not an outage");
                }));
        assertEquals("a bug, not an outage", bug.getMessage());
        assertEquals(1, attempts.get());
    }

    @Test
    void add_OutageThatLasts_TriedFiveTimesThenThrown() {
        AtomicInteger attempts = new AtomicInteger();
        org.redisson.client.RedisConnectionException down = new org.redisson.client.RedisConnectionException("down");
        assertThrows(
                org.redisson.client.RedisConnectionException.class,
                () -> Subscriptions.add(() -> {
                    attempts.incrementAndGet();
                    throw down;
                }));
        assertEquals(5, attempts.get());
    }

    @Test
    void add_OutageThenSuccess_ReturnsTheListenerId() {
        AtomicInteger attempts = new AtomicInteger();
        int id = Subscriptions.add(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new org.redisson.client.RedisException(
                        "Unexpected exception while processing command",
                        new java.nio.channels.ClosedChannelException());
            }
            return 42;
        });
        assertEquals(42, id);
        assertEquals(2, attempts.get());
    }
}
