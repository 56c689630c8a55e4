package io.redkit.app.cart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Carts on a real Redis: snapshots, totals, caps, TTL, merge, and no lost units under concurrent adds. */
class CartsTest {

    private static RedissonClient redisson;
    private static Carts carts;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
        carts = new Carts(redisson, new RedkitKeys("carttest"), Duration.ofDays(7));
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    private static String owner() {
        return "user:" + UUID.randomUUID();
    }

    @Test
    void add_KeepsTheFirstSnapshotAndSumsQuantities_TotalIsPriceTimesQuantity() {
        String owner = owner();
        carts.add(owner, "tea", 2, "Green tea", 450);
        carts.add(owner, "tea", 1, "Renamed later", 999);
        carts.add(owner, "mug", 1, "Mug", 1200);
        Carts.Cart cart = carts.get(owner);
        assertEquals(
                List.of(new Carts.Item("mug", 1, "Mug", 1200, 1200), new Carts.Item("tea", 3, "Green tea", 450, 1350)),
                cart.items());
        assertEquals(4, cart.itemCount());
        assertEquals(2550, cart.totalCents());
        long ttl = redisson.getKeys().remainTimeToLive(carts.key(owner));
        assertTrue(ttl > Duration.ofDays(6).toMillis(), "7-day TTL, was " + ttl);
    }

    @Test
    void add_PastTheCap_IsRefusedAndChangesNothing() {
        String owner = owner();
        carts.add(owner, "tea", 98, "Tea", 1);
        assertThrows(Carts.QuantityLimitException.class, () -> carts.add(owner, "tea", 2, "Tea", 1));
        assertEquals(98, carts.get(owner).itemCount());
    }

    @Test
    void setQuantityAndRemove_OnMissingItems_ReportFalse() {
        String owner = owner();
        assertFalse(carts.setQuantity(owner, "ghost", 3));
        assertFalse(carts.remove(owner, "ghost"));
        carts.add(owner, "tea", 1, "Tea", 100);
        assertTrue(carts.setQuantity(owner, "tea", 5));
        assertEquals(500, carts.get(owner).totalCents());
        assertTrue(carts.remove(owner, "tea"));
        assertTrue(carts.get(owner).items().isEmpty());
    }

    @Test
    void merge_GuestIntoUser_SumsCapsAndDeletesTheGuestCart() {
        String guest = "guest:" + UUID.randomUUID();
        String user = owner();
        carts.add(guest, "tea", 2, "Tea", 100);
        carts.add(guest, "cup", 50, "Cup", 10);
        carts.add(user, "cup", 60, "Cup", 10);
        Carts.Cart merged = carts.merge(guest, user);
        assertEquals(
                List.of(new Carts.Item("cup", 99, "Cup", 10, 990), new Carts.Item("tea", 2, "Tea", 100, 200)),
                merged.items());
        assertTrue(carts.get(guest).items().isEmpty());
        assertEquals(merged, carts.merge(guest, user), "merging again adds nothing");
    }

    @Test
    void add_FortyConcurrentAdders_LoseNoUnit() throws Exception {
        String owner = owner();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> adds = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                adds.add(pool.submit(() -> carts.add(owner, "tea", 2, "Tea", 100)));
            }
            for (Future<?> add : adds) {
                add.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(80, carts.get(owner).itemCount());
    }
}
