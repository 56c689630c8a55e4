package io.redkit.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** The reliable queue's transitions against a real Redis. */
class ReliableQueueTest {

    private static final Duration VISIBILITY = Duration.ofSeconds(30);
    private static RedissonClient redisson;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    private static ReliableQueue queue() {
        return new ReliableQueue(redisson, new RedkitKeys("qtest"), "q-" + UUID.randomUUID());
    }

    @Test
    void takeAndAck_FifoWithHighPriorityFirst() {
        ReliableQueue q = queue();
        String first = q.enqueue("{\"n\":1}", ReliableQueue.Priority.NORMAL);
        String second = q.enqueue("{\"n\":2}", ReliableQueue.Priority.NORMAL);
        String urgent = q.enqueue("{\"n\":3}", ReliableQueue.Priority.HIGH);
        assertEquals(urgent, q.take(VISIBILITY).orElseThrow().id());
        ReliableQueue.Message next = q.take(VISIBILITY).orElseThrow();
        assertEquals(first, next.id());
        assertTrue(next.json().contains("\"body\":{\"n\":1}"), next.json());
        assertEquals(second, q.take(VISIBILITY).orElseThrow().id());
        assertTrue(q.take(VISIBILITY).isEmpty());
        assertEquals(3, q.stats().processing());
        assertTrue(q.ack(first));
        assertFalse(q.ack(first), "acked once");
        assertEquals(2, q.stats().processing());
    }

    @Test
    void fail_RetriesAfterExponentialBackoffThenDeadLetters() throws Exception {
        ReliableQueue q = queue();
        String id = q.enqueue("{}", ReliableQueue.Priority.NORMAL);
        Duration base = Duration.ofMillis(200);
        assertEquals(id, q.take(VISIBILITY).orElseThrow().id());
        assertEquals(200, q.fail(id, 3, base, Duration.ofSeconds(10), "boom 1"));
        assertEquals(1, q.stats().delayed());
        q.recover(VISIBILITY);
        assertTrue(q.take(VISIBILITY).isEmpty(), "not before its backoff");
        Thread.sleep(250);
        q.recover(VISIBILITY);
        assertEquals(id, q.take(VISIBILITY).orElseThrow().id());
        assertEquals(400, q.fail(id, 3, base, Duration.ofSeconds(10), "boom 2"), "doubled");
        Thread.sleep(450);
        q.recover(VISIBILITY);
        ReliableQueue.Message third = q.take(VISIBILITY).orElseThrow();
        assertTrue(third.json().contains("\"attempts\":2"), third.json());
        assertEquals(0, q.fail(id, 3, base, Duration.ofSeconds(10), "boom 3"), "dead after 3 attempts");
        ReliableQueue.Stats stats = q.stats();
        assertEquals(1, stats.dead());
        assertEquals(0, stats.processing() + stats.delayed() + stats.readyNormal());
        assertTrue(q.deadLetters(10).get(0).json().contains("boom 3"));

        assertTrue(q.requeue(id));
        assertTrue(q.take(VISIBILITY).orElseThrow().json().contains("\"attempts\":0"), "requeued afresh");
        q.fail(id, 1, base, base, "again");
        assertEquals(1, q.purgeDead());
        assertEquals(0, q.stats().dead());
    }

    @Test
    void recover_VisibilityTimeoutPassed_ReturnsTheMessageOfADeadWorker() throws Exception {
        ReliableQueue q = queue();
        String id = q.enqueue("{}", ReliableQueue.Priority.NORMAL);
        q.take(Duration.ofMillis(300)).orElseThrow(); // the worker that took it dies here
        q.recover(VISIBILITY);
        assertTrue(q.take(VISIBILITY).isEmpty(), "still invisible");
        Thread.sleep(400);
        assertEquals(1, q.recover(VISIBILITY)[0]);
        assertEquals(id, q.take(VISIBILITY).orElseThrow().id(), "redelivered");
    }

    @Test
    void takeBlocking_WaitsForAMessage() throws Exception {
        ReliableQueue q = queue();
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            q.enqueue("{\"late\":true}", ReliableQueue.Priority.NORMAL);
        });
        producer.start();
        long start = System.nanoTime();
        ReliableQueue.Message message =
                q.takeBlocking(Duration.ofSeconds(5), VISIBILITY).orElseThrow();
        assertTrue(message.json().contains("late"));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
        assertEquals(1, q.stats().processing());
        producer.join();
    }
}
