package io.redkit.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Streams with a consumer group on a real Redis: delivery, ack, lag, reclaim of a dead consumer's entries, trim. */
class EventStreamsTest {

    private static RedissonClient redisson;
    private static EventStreams streams;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
        streams = new EventStreams(redisson, new RedkitKeys("sttest"), 1000);
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    private static String stream() {
        return "s-" + UUID.randomUUID();
    }

    @Test
    void group_DeliversEachEventToOneConsumer_AckClearsPending_LagCountsTheRest() {
        String s = stream();
        streams.ensureGroup(s, "g");
        streams.ensureGroup(s, "g"); // idempotent
        for (int i = 0; i < 5; i++) {
            streams.append(s, "order-placed", "{\"n\":" + i + "}");
        }
        List<EventStreams.Event> first = streams.read(s, "g", "c1", 3, Duration.ofMillis(100));
        List<EventStreams.Event> second = streams.read(s, "g", "c2", 3, Duration.ofMillis(100));
        assertEquals(3, first.size());
        assertEquals(2, second.size());
        assertEquals("{\"n\":0}", first.get(0).data());
        EventStreams.Group group = streams.info(s).groups().get(0);
        assertEquals(5, group.pending());
        assertEquals(0, group.lag());
        assertEquals(
                3,
                streams.ack(s, "g", first.stream().map(EventStreams.Event::id).toList()));
        streams.append(s, "order-placed", "{\"n\":5}");
        group = streams.info(s).groups().get(0);
        assertEquals(2, group.pending());
        assertEquals(1, group.lag(), "one event not yet delivered");
        assertEquals(2, group.consumers());
    }

    @Test
    void claimIdle_TakesOverWhatACrashedConsumerLeftPending() throws Exception {
        String s = stream();
        streams.ensureGroup(s, "g");
        streams.append(s, "a", "1");
        streams.append(s, "b", "2");
        streams.read(s, "g", "crashed", 10, Duration.ofMillis(100)); // read, never acked
        assertTrue(
                streams.claimIdle(s, "g", "survivor", Duration.ofSeconds(10), 10)
                        .isEmpty(),
                "not idle yet");
        Thread.sleep(300);
        List<EventStreams.Event> claimed = streams.claimIdle(s, "g", "survivor", Duration.ofMillis(200), 10);
        assertEquals(
                List.of("a", "b"),
                claimed.stream().map(EventStreams.Event::type).toList());
        streams.ack(s, "g", claimed.stream().map(EventStreams.Event::id).toList());
        assertEquals(0, streams.info(s).groups().get(0).pending());
    }

    @Test
    void append_TrimsTheStreamToAboutMaxLength() {
        EventStreams small = new EventStreams(redisson, new RedkitKeys("sttest"), 100);
        String s = stream();
        for (int i = 0; i < 1000; i++) {
            small.append(s, "t", Integer.toString(i));
        }
        long length = small.info(s).length();
        assertTrue(length >= 100 && length < 300, "approximately trimmed to 100, was " + length);
        assertEquals("999", small.latest(s, 1).get(0).data());
    }
}
