package io.redkit.app.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Analytics on a real Redis: counters, HyperLogLog estimates, bitmap DAU and retention, flags. */
class AnalyticsTest {

    private static RedissonClient redisson;
    private static Analytics analytics;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    /** A fresh key space per test: the prefix isolates the bitmaps and HyperLogLogs. */
    private static Analytics fresh() {
        return new Analytics(
                redisson, new RedkitKeys("an-" + UUID.randomUUID().toString().substring(0, 8)), Duration.ofDays(1));
    }

    private static final LocalDate D1 = LocalDate.of(2026, 11, 20);
    private static final LocalDate D2 = D1.plusDays(1);

    @Test
    void pageViews_CountPerPageAndDay() {
        Analytics a = fresh();
        assertEquals(1, a.record("/home", "alice", D1));
        assertEquals(2, a.record("/home", "bob", D1));
        a.record("/home", "alice", D2);
        a.record("/cart", "alice", D2);
        assertEquals(Map.of(D1, 2L, D2, 1L), a.pageViews("/home", D1, D2));
    }

    @Test
    void uniqueVisitors_MergedOverDays_WithinTheHyperLogLogError() {
        Analytics a = fresh();
        for (int i = 0; i < 5000; i++) {
            a.record("/home", "u" + i, D1);
        }
        for (int i = 2500; i < 7500; i++) {
            a.record("/home", "u" + i, D2);
        }
        long estimate = a.uniqueVisitors(D1, D2);
        assertTrue(Math.abs(estimate - 7500) < 7500 * 0.03, "7500 distinct visitors, estimated " + estimate);
        assertEquals(a.uniqueVisitors(D1, D1), a.uniqueVisitors(D1, D1));
    }

    @Test
    void activeUsersAndRetention_FromDailyBitmaps() {
        Analytics a = fresh();
        for (String user : new String[] {"a", "b", "c", "d"}) {
            a.record("/home", user, D1);
        }
        a.record("/home", "a", D1); // twice the same day counts once
        a.record("/home", "b", D2);
        a.record("/home", "d", D2);
        a.record("/home", "newcomer", D2);
        assertEquals(4, a.dailyActiveUsers(D1));
        assertEquals(3, a.dailyActiveUsers(D2));
        Analytics.Retention retention = a.retention(D1, 1);
        assertEquals(4, retention.cohortSize());
        assertEquals(2, retention.retained());
        assertEquals(0.5, retention.rate());
    }

    @Test
    void flags_PerUserBits() {
        Analytics a = fresh();
        assertFalse(a.flag("new-checkout", "alice"));
        a.setFlag("new-checkout", "alice", true);
        assertTrue(a.flag("new-checkout", "alice"));
        assertFalse(a.flag("new-checkout", "bob"));
        a.setFlag("new-checkout", "alice", false);
        assertFalse(a.flag("new-checkout", "alice"));
    }
}
