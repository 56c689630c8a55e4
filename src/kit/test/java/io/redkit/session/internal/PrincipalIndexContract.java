package io.redkit.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.session.SessionSettings;
import io.redkit.session.TooManySessionsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;

/**
 * The index of a principal's sessions on real Redis: the cap holds under concurrent logins with either policy, dead
 * members neither count against it nor get listed, and the index key disappears with its last member. Run on one
 * Redis ({@link PrincipalIndexTest}) and on a Redis Cluster ({@link PrincipalIndexOnClusterTest}), where the index
 * and the sessions it names are on different slots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PrincipalIndexContract {

    RedissonClient redisson;
    SessionStore store;
    PrincipalIndex index;

    /** A client of the Redis the tests run on. */
    abstract RedissonClient newClient();

    @BeforeAll
    void start() {
        redisson = newClient();
        RedkitKeys keys = new RedkitKeys("principal-test");
        store = new SessionStore(redisson, keys, 1000, 0, Duration.ZERO);
        index = new PrincipalIndex(redisson, keys);
    }

    @AfterAll
    void stop() {
        redisson.shutdown();
    }

    /** A stored session of {@code principal}; returns its key. */
    String session(String principal) {
        String id = SessionIds.newId();
        store.save(
                id,
                true,
                System.currentTimeMillis(),
                60,
                Map.of("x", new byte[] {1}),
                List.of(),
                Map.of(SessionStore.PRINCIPAL_FIELD, principal, SessionStore.NODE_FIELD, "node-1"));
        return store.key(id);
    }

    /** Runs {@code login} for every key at once, from as many threads. */
    private static void concurrently(List<String> keys, java.util.function.Consumer<String> login) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (String key : keys) {
                all.add(pool.submit(() -> {
                    go.await();
                    login.accept(key);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refuseNew_TwentyConcurrentLogins_ExactlyTheCapIsAdmitted() throws Exception {
        String principal = "refuse-" + System.nanoTime();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(session(principal));
        }
        AtomicInteger refused = new AtomicInteger();
        concurrently(keys, key -> {
            try {
                index.add(principal, key, 3, SessionSettings.WhenFull.REFUSE_NEW);
            } catch (TooManySessionsException e) {
                refused.incrementAndGet();
            }
        });
        assertEquals(17, refused.get());
        assertEquals(3, index.entries(principal).size());
    }

    @Test
    void expireOldest_TwentyConcurrentLogins_EvictTheSeventeenOldestOnce() throws Exception {
        String principal = "evict-" + System.nanoTime();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(session(principal));
        }
        List<String> evicted = java.util.Collections.synchronizedList(new ArrayList<>());
        concurrently(keys, key -> evicted.addAll(index.add(principal, key, 3, SessionSettings.WhenFull.EXPIRE_OLDEST)));
        assertEquals(17, evicted.size(), "each evicted once: " + evicted);
        assertEquals(17, new java.util.HashSet<>(evicted).size());
        List<PrincipalIndex.Entry> left = index.entries(principal);
        assertEquals(3, left.size());
        assertTrue(left.stream().noneMatch(e -> evicted.contains(e.sessionKey())));
        assertEquals("node-1", left.get(0).node());
        assertEquals(1, left.get(0).attributes());
    }

    @Test
    void deadMembers_AreNotListed_DoNotBlockALogin_AndTheLastOneTakesTheKeyAlong() {
        String principal = "dead-" + System.nanoTime();
        String a = session(principal);
        String b = session(principal);
        index.add(principal, a, 2, SessionSettings.WhenFull.REFUSE_NEW);
        index.add(principal, b, 2, SessionSettings.WhenFull.REFUSE_NEW);
        String c = session(principal);
        assertThrows(
                TooManySessionsException.class, () -> index.add(principal, c, 2, SessionSettings.WhenFull.REFUSE_NEW));
        redisson.getKeys().delete(a); // gone without the index knowing (e.g. deleted by an operator)
        index.add(principal, c, 2, SessionSettings.WhenFull.REFUSE_NEW); // the dead member is pruned, c gets its place
        assertEquals(
                List.of(b, c),
                index.entries(principal).stream()
                        .map(PrincipalIndex.Entry::sessionKey)
                        .toList());
        index.remove(principal, b, c);
        assertEquals(0, redisson.getKeys().countExists(index.key(principal)), "no empty index key is left");
    }
}
