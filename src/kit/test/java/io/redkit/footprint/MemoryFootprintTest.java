package io.redkit.footprint;

import static io.redkit.footprint.MemoryFootprint.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.ratelimit.Algorithm;
import io.redkit.testing.RedisMemory;
import io.redkit.testing.RedisMemory.Figure;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What redkit's items cost in Redis stays under bounds about 1.5 times the figures measured (docs/operations.md,
 * "Sizing Redis memory"), so a change that bloats a key fails here. The bounds hold {@code MEMORY USAGE ... SAMPLES 0}
 * per item, which is exact; the {@code used_memory} growth is printed beside it but moves with the server's own
 * allocations at this small scale. Also checks which keys carry a TTL, as the eviction-policy advice depends on it.
 */
class MemoryFootprintTest {

    private static final MemoryFootprint.Scale SCALE = new MemoryFootprint.Scale(300, 300, 30, 300, 10, 1, 30, 3, 30);

    private static List<Figure> rows;

    @BeforeAll
    static void measure() throws Exception {
        try (RedisMemory memory = RedisMemory.start()) {
            rows = MemoryFootprint.measure(memory, SCALE);
            System.out.println(MemoryFootprint.table(memory.version(), rows));
        }
    }

    private static Figure row(String item) {
        return rows.stream()
                .filter(f -> f.item().equals(item))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + item));
    }

    private static Executable under(String item, int bytes) {
        return () -> {
            Figure f = row(item);
            assertTrue(
                    f.keyBytesPerItem() <= bytes,
                    () -> String.format(
                            "%s: %.0f bytes per item (MEMORY USAGE), bound %d; if this growth is intended, update the"
                                    + " bound and the table in docs/operations.md",
                            item, f.keyBytesPerItem(), bytes));
        };
    }

    @Test
    void emptySession_CostsLessThan320Bytes() throws Throwable {
        under(SESSION_EMPTY, 320).execute();
    }

    @Test
    void sessionWith1KBOfAttributes_CostsLessThan2900Bytes() throws Throwable {
        under(SESSION_1KB, 2_900).execute();
    }

    @Test
    void cacheEntry_CostsLessThanOneAndAHalfTimesItsValuePlus260Bytes() {
        assertAll(
                under(ENTRY_100B, 260),
                under(ENTRY_1KB, 2_000),
                under(ENTRY_100B_EXPIRY, 410),
                under(ENTRY_1KB_EXPIRY, 2_200),
                under(ENTRY_BOUNDED_LRU, 450),
                under(ENTRY_BOUNDED_SAMPLED, 400));
    }

    @Test
    void cache_FixedPartCostsLessThan700Bytes_AndLessThan140StayAfterItEmpties() {
        assertAll(under(CACHE_ONE_ENTRY, 700), under(CACHE_EMPTIED, 140));
    }

    @Test
    void rateLimitClientKey_CostsLessThan240Bytes_ASlidingLogLessThan95BytesPerRequestInItsWindow() {
        assertAll(
                under(limitRow(Algorithm.FIXED_WINDOW, "100/1m", 1), 240),
                under(limitRow(Algorithm.SLIDING_WINDOW, "100/1m", 1), 240),
                under(limitRow(Algorithm.TOKEN_BUCKET, "100/1m", 1), 240),
                under(limitRow(Algorithm.SLIDING_LOG, "100/1m", 100), 9_500),
                under(limitRow(Algorithm.SLIDING_LOG, "1000/1h", 1000), 205_000));
    }

    @Test
    void job_CostsLessThan1200BytesAfterARun_AndLessThan23KBWithAFullHistory() {
        assertAll(under(JOB_ONE_RUN, 1_200), under(JOB_FULL_HISTORY, 23_000), under(JOB_RUNNING, 700));
    }

    @Test
    void distributedLock_CostsLessThan320BytesHeld_AndLessThan350AfterRelease() {
        assertAll(
                under(LOCK_HELD, 200),
                under(FENCED_LOCK_HELD, 320),
                under(LOCK_RELEASED, 210),
                under(FENCED_LOCK_RELEASED, 350));
    }

    @Test
    void cacheKeys_HaveNoTtl_SessionAndRateLimitKeysAllHaveOne() {
        assertAll(
                () -> assertEquals(2, row(ENTRY_100B).keys(), "an eternal cache: its hash and change sequence"),
                () -> assertEquals(3, row(ENTRY_100B_EXPIRY).keys(), "with expiry, also the expiry sorted set"),
                () -> assertEquals(0, row(ENTRY_100B_EXPIRY).keysWithTtl(), "cache keys never carry a Redis TTL"),
                () -> assertEquals(3, row(ENTRY_BOUNDED_LRU).keys(), "a bounded cache: also its recency key"),
                () -> assertEquals(0, row(ENTRY_BOUNDED_LRU).keysWithTtl()),
                () -> assertEquals(0, row(ENTRY_BOUNDED_SAMPLED).keysWithTtl()),
                () -> assertEquals(0, row(CACHE_EMPTIED).keysWithTtl()),
                () -> assertEquals(SCALE.sessions(), row(SESSION_EMPTY).keysWithTtl(), "one key per session, TTL'd"),
                () -> assertEquals(SCALE.sessions(), row(SESSION_1KB).keys()),
                () -> {
                    for (Algorithm algorithm : Algorithm.values()) {
                        Figure f = row(limitRow(algorithm, "100/1m", algorithm == Algorithm.SLIDING_LOG ? 100 : 1));
                        assertEquals(f.count(), f.keys(), f.item());
                        assertEquals(f.keys(), f.keysWithTtl(), f.item());
                    }
                });
    }

    @Test
    void jobAndFencedLockCounters_AreTheKeysWithoutTtl() {
        // per job: state, tick, history with a TTL; the fencing counter without; plus the registry set of names
        Figure job = row(JOB_ONE_RUN);
        assertEquals(4 * job.count() + 1, job.keys(), job.item());
        assertEquals(3 * job.count() + 1, job.keysWithTtl(), job.item());
        // a fenced lock leaves Redisson's token counter behind, without a TTL; a plain lock leaves only its latch
        Figure fenced = row(FENCED_LOCK_RELEASED);
        assertEquals(fenced.count(), fenced.keys() - fenced.keysWithTtl(), fenced.item());
        Figure plain = row(LOCK_RELEASED);
        assertEquals(plain.keys(), plain.keysWithTtl(), plain.item());
    }
}
