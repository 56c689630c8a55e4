package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes of the real WAR on one Redis and one PostgreSQL database, as in production: a value cached by one node is
 * a hit on the other, an update made through one is seen by the other, Hibernate L2 entries are shared; with Redis
 * stopped both keep answering 200 from the database (outage policy bypass), caching again once it is back; a product
 * created on one node and changed on the other is fresh on both; after Redis lost everything every row is still
 * served; a write-behind rating is flushed to the database once, not once per node; a bounded cache filled from both
 * nodes holds its bound in Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheClusterIT {

    private static final int PROFILES_BOUND = 16;

    static PayaraMicroNode nodeA;
    static PayaraMicroNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("redkit.redis.address", RedisTestServer.shared().address());
        // its own keys: the other ITs' nodes have databases of their own
        config.put("redkit.redis.key-prefix", "cache-cluster-it");
        config.put("redkit.cache.outage-retry-interval", "500ms");
        // Hibernate's product region with a near copy on each node: every test here also runs through it
        config.put("redkit.cache.products.near", "1000,30s");
        // the profiles cache held to a bound that the last test fills from both nodes
        config.put("redkit.cache.profiles.max-entries", String.valueOf(PROFILES_BOUND));
        List<PayaraMicroNode> started = PayaraMicroNode.startPair("cache", config, config);
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
    }

    private static long loadNumber(PayaraMicroNode node, long user) {
        Http.Reply reply = node.http().get("api/users/" + user + "/profile");
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonNumber("loadNumber").longValue();
    }

    @Test
    @Order(0)
    void twoNodesBootedAtOnceOnOneDatabase_MigratedAndSeededItOnce() {
        long applied = 0;
        long found = 0;
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            String log = node.log();
            applied += log.lines()
                    .filter(l -> l.contains("at schema version 2 (2 migration(s) applied now)"))
                    .count();
            found += log.lines()
                    .filter(l -> l.contains("at schema version 2 (0 migration(s) applied now)"))
                    .count();
        }
        assertEquals(1, applied, "one node migrated the database");
        assertEquals(1, found, "the other found it migrated (Flyway's lock made it wait)");
        Http.Reply all = nodeA.http().get("api/products");
        assertEquals(4, all.jsonArray().size(), "the seed ran once: " + all);
    }

    @Test
    @Order(1)
    void aValueCachedByOneNodeIsAHitOnTheOther() {
        long loadedByA = loadNumber(nodeA, 1);
        CacheStats before = CacheStats.read(nodeB.http());
        assertEquals(loadedByA, loadNumber(nodeB, 1), "node B answered with node A's cached value");
        CacheStats after = CacheStats.read(nodeB.http());
        assertEquals(1, after.cache("profiles", "hits") - before.cache("profiles", "hits"));
        assertEquals(0, after.cache("profiles", "misses") - before.cache("profiles", "misses"), "B's method not run");
    }

    @Test
    @Order(2)
    void anUpdateThroughOneNodeIsSeenByTheOther() {
        loadNumber(nodeB, 2);
        Http.Reply put = nodeA.http()
                .send(nodeA.http()
                        .request("api/users/2/profile")
                        .header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Grace H.\"}"))
                        .build());
        assertEquals(200, put.status(), put.toString());
        Http.Reply onB = nodeB.http().get("api/users/2/profile");
        assertEquals("Grace H.", onB.json().getString("displayName"), "B sees the value A's @CachePut stored");
    }

    @Test
    @Order(3)
    void hibernateEntriesAreSharedBetweenNodes() {
        assertEquals(200, nodeA.http().get("api/products/3").status());
        CacheStats before = CacheStats.read(nodeB.http());
        Http.Reply onB = nodeB.http().get("api/products/3");
        CacheStats after = CacheStats.read(nodeB.http());
        assertEquals("MS-001", onB.json().getString("sku"));
        assertEquals(0, after.hibernate("prepareStatements") - before.hibernate("prepareStatements"), "no SQL on B");
        assertTrue(after.hibernate("secondLevelHits") > before.hibernate("secondLevelHits"));
    }

    @Test
    @Order(4)
    void redisDown_EndpointsAnswerFromTheDatabase_CachingResumesAfter() throws Exception {
        RedisTestServer harness = RedisTestServer.shared();
        long bypassedBefore = CacheStats.read(nodeA.http()).bypassed();
        try {
            harness.stop();
            long first = loadNumber(nodeA, 3);
            long second = loadNumber(nodeA, 3);
            assertNotEquals(first, second, "no cache: the method ran both times");
            for (int i = 1; i <= 4; i++) {
                Http.Reply product = nodeA.http().get("api/products/" + i);
                assertEquals(200, product.status(), "product " + i + " from the database: " + product);
            }
            assertEquals(
                    200, nodeB.http().get("api/products?category=keyboards").status());
            assertTrue(CacheStats.read(nodeA.http()).bypassed() > bypassedBefore, "bypasses are counted");

            // a product write commits to the database; the cache invalidations it owes wait for Redis, not the client
            long id = nodeA.http()
                    .get("api/products/sku/MN-001")
                    .json()
                    .getJsonNumber("id")
                    .longValue();
            Http.Reply renamed = nodeA.http()
                    .send(nodeA.http()
                            .request("api/products/" + id)
                            .header("Content-Type", "application/json")
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"sku\":\"MN-001\",\"name\":\"Monitor (edited in an outage)\","
                                            + "\"category\":\"monitors\",\"priceCents\":29900}"))
                            .build());
            assertEquals(200, renamed.status(), "the write committed, the answer says so: " + renamed);
        } finally {
            harness.start();
        }
        Awaitility.await("caching resumed once Redis was back")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> loadNumber(nodeA, 3) == loadNumber(nodeA, 3));
    }

    @Test
    @Order(5)
    void createdOnA_UpdatedOnB_FreshOnBoth_WithSecondLevelHitsOnBoth() {
        Http.Reply created = nodeA.http()
                .postJson(
                        "api/products",
                        "{\"sku\":\"DK-100\",\"name\":\"Standing desk\",\"category\":\"desks\",\"priceCents\":49900}");
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();

        Http.Reply updated = nodeB.http()
                .send(nodeB.http()
                        .request("api/products/" + id)
                        .header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"sku\":\"DK-100\",\"name\":\"Standing desk XL\",\"category\":\"desks\","
                                        + "\"priceCents\":54900}"))
                        .build());
        assertEquals(200, updated.status(), "node B updates the row node A created: " + updated);

        for (PayaraMicroNode node : List.of(nodeA, nodeB, nodeA, nodeB)) {
            Http.Reply read = node.http().get("api/products/" + id);
            assertEquals("Standing desk XL", read.json().getString("name"), "fresh on " + node);
            assertEquals(54900, read.json().getJsonNumber("priceCents").longValue());
        }
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            CacheStats before = CacheStats.read(node.http());
            assertEquals(
                    "Standing desk XL",
                    node.http().get("api/products/" + id).json().getString("name"));
            CacheStats after = CacheStats.read(node.http());
            assertEquals(
                    0,
                    after.hibernate("prepareStatements") - before.hibernate("prepareStatements"),
                    "no SQL on " + node);
            assertTrue(
                    after.hibernate("secondLevelHits") > before.hibernate("secondLevelHits"), "an L2 hit on " + node);
        }
    }

    @Test
    @Order(6)
    void redisRestartedEmpty_EveryRowIsStillServed_TheDatabaseIsTheSourceOfTruth() {
        RedisTestServer harness = RedisTestServer.shared();
        harness.stop(); // the harness Redis keeps nothing: it comes back empty
        harness.start();
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            Http.Reply desk = Awaitility.await("node " + node + " serves again after the Redis restart")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> node.http().get("api/products/sku/DK-100"), reply -> reply.status() == 200);
            assertEquals("Standing desk XL", desk.json().getString("name"));
            Http.Reply all = node.http().get("api/products");
            assertEquals(200, all.status(), all.toString());
            List<String> skus = all.jsonArray().stream()
                    .map(v -> v.asJsonObject().getString("sku"))
                    .toList();
            assertTrue(skus.containsAll(List.of("KB-001", "KB-002", "MS-001", "MN-001", "DK-100")), skus.toString());
        }
    }

    @Test
    @Order(7)
    void aWriteBehindRatingIsFlushedOnce_NotOncePerNode() {
        long id = nodeA.http()
                .get("api/products/sku/KB-002")
                .json()
                .getJsonNumber("id")
                .longValue();
        long[] before = flushes();
        Http.Reply rated = nodeA.http()
                .send(nodeA.http()
                        .request("api/caching/ratings/" + id + "/ivo")
                        .header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stars\":4}"))
                        .build());
        assertEquals(200, rated.status(), rated.toString());
        // stored in the database, and counted by the node that flushed it (it counts right after its commit)
        Awaitility.await("the rating reached the database")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    jakarta.json.JsonObject ratings =
                            nodeB.http().get("api/caching/ratings/" + id).json();
                    return !ratings.isNull("stored")
                            && ratings.getJsonObject("stored").getInt("count") == 1
                            && !ratings.getBoolean("pendingFlush")
                            && flushes()[0] > before[0];
                });
        long[] after = flushes();
        assertEquals(1, after[0] - before[0], "one batch committed, on one of the two nodes");
        assertEquals(1, after[1] - before[1], "one row written");
    }

    @Test
    @Order(8)
    void nearCopies_AProductUpdatedOnA_IsNeverReadStaleOnB_AfterTheResponsePlusTheBound() {
        String path = "api/products/2";
        String sku = nodeB.http().get(path).json().getString("sku");
        CacheStats before = CacheStats.read(nodeB.http());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, nodeB.http().get(path).status());
        }
        CacheStats after = CacheStats.read(nodeB.http());
        assertEquals(0, after.hibernate("prepareStatements") - before.hibernate("prepareStatements"), "no SQL on B");
        assertTrue(
                after.near("products", "hits") >= before.near("products", "hits") + 3,
                "B's reads were near hits: " + after.near("products", "hits"));

        for (int round = 0; round < 5; round++) {
            String name = "Near round " + round;
            Http.Reply updated = nodeA.http()
                    .send(nodeA.http()
                            .request(path)
                            .header("Content-Type", "application/json")
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku
                                    + "\",\"name\":\"" + name + "\",\"category\":\"keyboards\",\"priceCents\":2500}"))
                            .build());
            assertEquals(200, updated.status(), updated.toString());
            long answered = System.nanoTime();
            // the invalidation travels by pub/sub: fresh on B within the bound (documented: milliseconds)
            Awaitility.await("B reads A's update")
                    .atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> name.equals(nodeB.http().get(path).json().getString("name")));
            System.out.printf(
                    "near cache: A's update read on B %.1f ms after A's response%n",
                    (System.nanoTime() - answered) / 1e6);
            for (int i = 0; i < 5; i++) {
                assertEquals(name, nodeB.http().get(path).json().getString("name"), "never stale again on B");
            }
        }
    }

    @Test
    @Order(9)
    void boundedCacheFilledFromBothNodes_RedisHoldsTheBound_EachEvictionCountedOnce() {
        org.redisson.api.RedissonClient redis = RedisTestServer.shared().newClient();
        try {
            // a new user on each node, cached by @CachePut: the hash exists after it, and a node that still owed
            // the clear after the Redis restart above (outage policy bypass) has done it before anything is counted
            saveProfile(nodeA, 1000);
            saveProfile(nodeB, 1001);
            String key = null;
            for (String k : redis.getKeys().getKeysByPattern("cache-cluster-it:jcache:*|profiles}:d")) {
                key = k;
            }
            assertTrue(key != null, "the profiles cache's hash exists");
            long held = redis.getMap(key, org.redisson.client.codec.StringCodec.INSTANCE)
                    .size();
            long evictedBefore = CacheStats.read(nodeA.http()).cache("profiles", "evictions")
                    + CacheStats.read(nodeB.http()).cache("profiles", "evictions");
            int users = 40;
            for (int i = 2; i < users; i++) {
                saveProfile(i % 2 == 0 ? nodeA : nodeB, 1000 + i); // each a new entry
            }
            assertEquals(
                    PROFILES_BOUND,
                    redis.getMap(key, org.redisson.client.codec.StringCodec.INSTANCE)
                            .size(),
                    "Redis holds exactly the bound");
            long evicted = CacheStats.read(nodeA.http()).cache("profiles", "evictions")
                    + CacheStats.read(nodeB.http()).cache("profiles", "evictions")
                    - evictedBefore;
            assertEquals(
                    held + (users - 2) - PROFILES_BOUND,
                    evicted,
                    "each eviction counted once, on the node that made it");
            CacheStats before = CacheStats.read(nodeB.http());
            loadNumber(nodeB, 1000 + users - 1);
            assertEquals(
                    1,
                    CacheStats.read(nodeB.http()).cache("profiles", "hits") - before.cache("profiles", "hits"),
                    "the newest entry was kept");
        } finally {
            redis.shutdown();
        }
    }

    private static void saveProfile(PayaraMicroNode node, long user) {
        Http.Reply put = node.http()
                .send(node.http()
                        .request("api/users/" + user + "/profile")
                        .header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"displayName\":\"User " + user + "\"}"))
                        .build());
        assertEquals(200, put.status(), put.toString());
    }

    /** {write-behind batches, rows} summed over both nodes. */
    private static long[] flushes() {
        long batches = 0;
        long rows = 0;
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            jakarta.json.JsonObject counts = node.http().get("api/caching").json();
            batches += counts.getJsonNumber("writeBehindBatches").longValue();
            rows += counts.getJsonNumber("writeBehindRows").longValue();
        }
        return new long[] {batches, rows};
    }
}
