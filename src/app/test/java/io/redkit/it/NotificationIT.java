package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisTestServer;
import io.redkit.testing.ServerSentEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pub/sub across two real nodes: a Server-Sent Events subscriber on node A hears what node B publishes. */
class NotificationIT {

    private static PayaraMicroNode nodeA;
    private static PayaraMicroNode nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Map<String, String> config = Map.of(
                "redkit.redis.address", RedisTestServer.shared().address(),
                "redkit.app.jobs.summary.seconds", "off",
                "redkit.app.queue.workers", "0");
        List<PayaraMicroNode> started = PayaraMicroNode.startPair("notify", config, config);
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
    }

    /** Opens an SSE stream on node A; every line received goes to the returned queue. */
    private static BlockingQueue<String> subscribe(String query) {
        return ServerSentEvents.subscribe(nodeA.base().resolve("api/notifications/stream?" + query));
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 15 s");
    }

    @Test
    void channel_PublishedOnB_ArrivesOnAsStream() throws Exception {
        BlockingQueue<String> lines = subscribe("channel=orders");
        awaitLine(lines, "event: subscribed");
        String published = nodeB.http()
                .postJson("api/notifications/orders", "{\"order\":42}")
                .body();
        assertTrue(published.contains("\"receivers\":1"), published);
        awaitLine(lines, "event: notification");
        String data = awaitLine(lines, "data:");
        assertTrue(data.contains("\"channel\":\"orders\"") && data.contains("\"message\":{\"order\":42}"), data);
    }

    @Test
    void pattern_MatchesEveryUsersChannel() throws Exception {
        BlockingQueue<String> lines = subscribe("pattern=user:*:notifications");
        awaitLine(lines, "event: subscribed");
        nodeB.http().postJson("api/notifications/user:alice:notifications", "\"hello alice\"");
        awaitLine(lines, "event: notification");
        String data = awaitLine(lines, "data:");
        assertTrue(data.contains("user:alice:notifications") && data.contains("hello alice"), data);
    }

    @Test
    void badSubscriptions_Are400() {
        assertEquals(400, nodeA.http().get("api/notifications/stream").status());
        assertEquals(
                400,
                nodeA.http().get("api/notifications/stream?channel=a&pattern=b").status());
        assertEquals(
                400,
                nodeA.http().get("api/notifications/stream?channel=bad%20name").status());
    }
}
