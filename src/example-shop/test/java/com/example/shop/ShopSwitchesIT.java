package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every redkit feature can be switched off by configuration, and the embedded redis-server is an optional
 * dependency the shop did not add: asking for it fails the deployment with one line saying what to add.
 */
class ShopSwitchesIT {

    @Test
    void everyFeatureOff_TheShopRunsWithoutThem() {
        String address = RedisTestServer.shared().address();
        try (PayaraMicroNode node = PayaraMicroNode.start(
                "shop-switches",
                Map.of(
                        "redkit.redis.address", address,
                        "shop.redis.address", address,
                        "redkit.session.enabled", "false",
                        "redkit.ratelimit.enabled", "false",
                        "redkit.jobs.enabled", "false",
                        "redkit.cache.annotations.enabled", "false"))) {
            Http http = node.http();

            Http.Reply added = http.post("shop/cart/tea", "text/plain", "");
            assertEquals(200, added.status(), added.toString());
            assertTrue(
                    added.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("SESSION=")),
                    "the server's own sessions, not redkit's: "
                            + added.headers().allValues("Set-Cookie"));

            for (int i = 0; i < 5; i++) {
                Http.Reply greeting = http.get("shop/greeting");
                assertEquals(200, greeting.status(), "no rate limit: " + greeting);
                assertEquals(null, greeting.header("RateLimit-Limit"));
            }

            http.get("shop/prices/switch-sku");
            http.get("shop/prices/switch-sku");
            Http.Reply stats = http.get("shop/prices-statistics");
            if (stats.status() == 200) {
                assertEquals(
                        0,
                        stats.json().getJsonNumber("hits").longValue()
                                + stats.json().getJsonNumber("misses").longValue(),
                        "redkit's cache saw no annotated call: " + stats);
            }

            String log = node.log();
            assertTrue(
                    log.contains("redkit.jobs.enabled=false: this node runs none of the 1 @ClusterSingleton job"), log);
            assertTrue(log.contains("redkit.cache.annotations.enabled=false"), log);
            // the job's timer fires every 2 s: wait for a tick, which must be skipped
            Awaitility.await("a tick of the job, skipped")
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            node.log().contains("skipped ReportJob.report: redkit.jobs.enabled=false on this node"));
            assertEquals(0, http.get("shop/report").json().getInt("runs"), "the job never ran on this node");
        }
    }

    @Test
    void embeddedRedisAskedWithoutTheArtifact_FailsDeploymentSayingWhatToAdd() {
        try (PayaraMicroNode node = PayaraMicroNode.start(
                "shop-embedded",
                Map.of(
                        "redkit.redis.embedded",
                        "true",
                        "shop.redis.address",
                        RedisTestServer.shared().address()))) {
            String log = node.log();
            assertTrue(
                    log.contains("Invalid redkit configuration redkit.redis.embedded='true': the embedded redis-server"
                            + " needs com.github.codemonstur:embedded-redis"),
                    log);
            assertFalse(log.contains("shop was successfully deployed"), log);
        }
    }
}
