package io.redkit.app.caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Tag-based invalidation, refresh-ahead and write-behind on a real Redis. */
class CachingPatternsTest {

    private static RedissonClient redisson;
    private static ExecutorService executor;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void close() {
        executor.shutdownNow();
        redisson.shutdown();
    }

    private static RedkitKeys keys() {
        return new RedkitKeys("cp-" + UUID.randomUUID());
    }

    // ---- tags

    @Test
    void invalidatingATag_DeletesExactlyTheEntriesCarryingIt() {
        TaggedCache cache = new TaggedCache(redisson, keys(), "pages");
        Duration ttl = Duration.ofMinutes(1);
        cache.put("tea-page", "[green,black]", ttl, List.of("category:tea", "product:green", "product:black"));
        cache.put("coffee-page", "[arabica]", ttl, List.of("category:coffee", "product:arabica"));
        cache.put("deals-page", "[green,arabica]", ttl, List.of("category:deals", "product:green", "product:arabica"));

        assertEquals(2, cache.invalidate(List.of("product:green")));

        assertEquals(Optional.empty(), cache.get("tea-page"));
        assertEquals(Optional.empty(), cache.get("deals-page"));
        assertEquals(Optional.of("[arabica]"), cache.get("coffee-page"));
        assertEquals(0, cache.invalidate(List.of("product:green")), "the tag set went with its entries");
        assertEquals(1, cache.invalidate(List.of("category:coffee", "product:arabica")));
        assertEquals(Optional.empty(), cache.get("coffee-page"));
    }

    @Test
    void entriesAndTagSetsExpire() {
        RedkitKeys keys = keys();
        TaggedCache cache = new TaggedCache(redisson, keys, "pages");
        cache.put("short", "v", Duration.ofSeconds(30), List.of("t"));
        cache.put("long", "v", Duration.ofMinutes(5), List.of("t"));
        long entryTtl = redisson.getBucket(keys.tagged(TaggedCache.FEATURE, "pages", "e", "short"))
                .remainTimeToLive();
        long tagTtl = redisson.getSet(keys.tagged(TaggedCache.FEATURE, "pages", "t", "t"))
                .remainTimeToLive();
        assertTrue(entryTtl > 0 && entryTtl <= 30_000, "entry TTL " + entryTtl);
        assertTrue(tagTtl > 30_000 && tagTtl <= 300_000, "a tag set lives as long as its longest entry: " + tagTtl);
        assertThrows(IllegalArgumentException.class, () -> cache.put("x", "v", Duration.ZERO, List.of()));
    }

    // ---- refresh-ahead

    @Test
    void refreshAhead_ReadsNearExpiryGetTheCachedValueAndOneBackgroundReload() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch reloaded = new CountDownLatch(1);
        CountDownLatch releaseReload = new CountDownLatch(1);
        RefreshAheadCache cache = new RefreshAheadCache(
                redisson, keys(), "stats", Duration.ofSeconds(3), Duration.ofMillis(2000), executor);
        java.util.function.Function<String, String> loader = key -> {
            int n = loads.incrementAndGet();
            if (n == 2) {
                reloaded.countDown();
                try { // the reload is slow: readers meanwhile must still be answered from the cache
                    releaseReload.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return key + "#" + n;
        };

        RefreshAheadCache.Read first = cache.get("tea", loader);
        assertEquals("tea#1", first.value());
        assertTrue(first.loaded());
        RefreshAheadCache.Read fresh = cache.get("tea", loader);
        assertEquals("tea#1", fresh.value());
        assertFalse(fresh.loaded());
        assertFalse(fresh.refreshStarted(), "more than refreshWhenBelow left: no refresh yet");

        Thread.sleep(1200); // under 2 s of the 3 s left now
        List<RefreshAheadCache.Read> nearExpiry = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread reader = new Thread(() -> nearExpiry.add(cache.get("tea", loader)));
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }
        for (RefreshAheadCache.Read read : nearExpiry) {
            assertEquals("tea#1", read.value(), "readers near expiry are answered from the cache");
            assertFalse(read.loaded());
        }
        assertEquals(
                1,
                nearExpiry.stream()
                        .filter(RefreshAheadCache.Read::refreshStarted)
                        .count(),
                "exactly one reader starts the reload");
        assertTrue(reloaded.await(5, TimeUnit.SECONDS));
        RefreshAheadCache.Read duringReload = cache.get("tea", loader);
        assertEquals("tea#1", duringReload.value(), "still the cached value while the reload runs");
        assertFalse(duringReload.refreshStarted(), "the reload in progress is not started twice");
        releaseReload.countDown();
        awaitValue(cache, "tea", loader, "tea#2");
        RefreshAheadCache.Read afterRefresh = cache.get("tea", loader);
        assertTrue(afterRefresh.ttlRemainingMillis() > 2000, "the reload reset the TTL: " + afterRefresh);
        assertEquals(2, loads.get(), "one load at the start, one reload; no reader ever waited for a load");
    }

    @Test
    void refreshAhead_AFailedReloadKeepsServingTheOldValue() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        RefreshAheadCache cache = new RefreshAheadCache(
                redisson, keys(), "stats", Duration.ofSeconds(3), Duration.ofMillis(2500), executor);
        java.util.function.Function<String, String> failingAfterFirst = key -> {
            if (loads.incrementAndGet() > 1) {
                throw new IllegalStateException("database down");
            }
            return "v1";
        };
        assertEquals("v1", cache.get("k", failingAfterFirst).value());
        Thread.sleep(700);
        assertTrue(cache.get("k", failingAfterFirst).refreshStarted());
        Awaitility.await("the background reload ran")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> loads.get() >= 2);
        assertEquals(2, loads.get());
        RefreshAheadCache.Read read = cache.get("k", failingAfterFirst);
        assertEquals("v1", read.value(), "the old value still serves until it expires");
        assertThrows(
                IllegalArgumentException.class,
                () -> new RefreshAheadCache(
                        redisson, keys(), "x", Duration.ofSeconds(1), Duration.ofSeconds(1), executor));
    }

    @Test
    void refreshAhead_LoaderReturningNullCachesNothing() {
        RefreshAheadCache cache = new RefreshAheadCache(
                redisson, keys(), "stats", Duration.ofSeconds(3), Duration.ofSeconds(1), executor);
        AtomicInteger loads = new AtomicInteger();
        assertNull(cache.get("nothing", k -> {
                    loads.incrementAndGet();
                    return null;
                })
                .value());
        cache.get("nothing", k -> {
            loads.incrementAndGet();
            return null;
        });
        assertEquals(2, loads.get());
    }

    private static void awaitValue(
            RefreshAheadCache cache, String key, java.util.function.Function<String, String> loader, String expected)
            throws InterruptedException {
        Awaitility.await("value " + expected)
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> cache.get(key, loader).value(), expected::equals);
    }

    // ---- write-behind

    @Test
    void writeBehind_ReadersSeeRatingsAtOnce_FlushCoalescesThemIntoOneWritePerProduct() throws Exception {
        WriteBehindRatings ratings = new WriteBehindRatings(redisson, keys());
        for (int user = 0; user < 20; user++) {
            ratings.rate(1, "user" + user, 1 + user % 5);
        }
        ratings.rate(2, "kim", 4);
        ratings.rate(2, "kim", 2); // kim changes her mind: replaces, does not add

        assertEquals(new WriteBehindRatings.Aggregate(1, 20, 60, 20), ratings.read(1));
        assertEquals(2.0, ratings.read(2).average());
        assertEquals(2, ratings.pending());

        Map<Long, WriteBehindRatings.Aggregate> database = new ConcurrentHashMap<>();
        List<Integer> batchSizes = new ArrayList<>();
        int stored = ratings.flush(100, Duration.ofSeconds(30), batch -> {
            batchSizes.add(batch.size());
            batch.forEach(a -> database.put(a.productId(), a));
        });
        assertEquals(2, stored);
        assertEquals(List.of(2), batchSizes, "22 ratings of 2 products: one batch of 2 rows");
        assertEquals(20, database.get(1L).count());
        assertEquals(new WriteBehindRatings.Aggregate(2, 1, 2, 2), database.get(2L));
        assertEquals(0, ratings.pending());
        assertFalse(ratings.isPending(1));
        assertEquals(0, ratings.flush(100, Duration.ofSeconds(30), batch -> {
            throw new AssertionError("nothing is dirty");
        }));
    }

    @Test
    void writeBehind_AFailedFlushLosesNothing_TheProductsAreRetriedAfterTheVisibilityTimeout() throws Exception {
        WriteBehindRatings ratings = new WriteBehindRatings(redisson, keys());
        ratings.rate(7, "ann", 5);
        ratings.rate(8, "bob", 3);
        assertThrows(
                IllegalStateException.class,
                () -> ratings.flush(10, Duration.ofSeconds(1), batch -> {
                    throw new IllegalStateException("database down");
                }));
        assertTrue(ratings.isPending(7), "claimed but not stored: still pending");
        assertEquals(0, ratings.flush(10, Duration.ofSeconds(1), batch -> {}), "not before the timeout");

        ratings.rate(7, "cid", 1); // rated again while its flush is outstanding

        Thread.sleep(1200);
        Map<Long, WriteBehindRatings.Aggregate> database = new ConcurrentHashMap<>();
        assertEquals(
                2,
                ratings.flush(10, Duration.ofSeconds(1), batch -> batch.forEach(a -> database.put(a.productId(), a))));
        assertEquals(new WriteBehindRatings.Aggregate(7, 2, 6, 2), database.get(7L), "the newest aggregate");
        assertEquals(new WriteBehindRatings.Aggregate(8, 1, 3, 1), database.get(8L));
        assertEquals(0, ratings.pending());
    }

    @Test
    void writeBehind_BatchesAreBounded() throws Exception {
        WriteBehindRatings ratings = new WriteBehindRatings(redisson, keys());
        for (long product = 1; product <= 25; product++) {
            ratings.rate(product, "u", 3);
        }
        List<Integer> sizes = new ArrayList<>();
        while (ratings.flush(10, Duration.ofSeconds(30), batch -> sizes.add(batch.size())) > 0) {
            // drain
        }
        assertEquals(List.of(10, 10, 5), sizes);
    }
}
