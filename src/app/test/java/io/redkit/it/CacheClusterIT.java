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
 * Two nodes of the real WAR on one Redis (each with its own H2 database, seeded alike): a value cached by one node is
 * a hit on the other, an update made through one is seen by the other, Hibernate L2 entries are shared; and with
 * Redis stopped both keep answering 200 from the database (outage policy bypass), caching again once it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheClusterIT {

    static PayaraMicroNode nodeA;
    static PayaraMicroNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("redkit.redis.address", RedisTestServer.shared().address());
        // its own keys: the other ITs' nodes have databases of their own
        config.put("redkit.redis.key-prefix", "cache-cluster-it");
        config.put("redkit.cache.outage-retry-interval", "500ms");
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
}
