package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.it.fault.FeatureProbe;
import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisClusterTestServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Payara Micro nodes on a real Redis Cluster (3 masters, 3 replicas, started by the harness) through the shipped
 * {@code server-config/redisson-cluster.yaml}: every feature's main flow on each node answers 2xx and keeps what it
 * acknowledged, a session moves between nodes (id rotation at login included), and the keys spread over all masters.
 */
class RedisClusterIT {

    private static RedisClusterTestServer cluster;
    private static PayaraMicroNode nodeA;
    private static PayaraMicroNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterTestServer.shared();
        Path yaml = cluster.yaml(Path.of(System.getProperty("redkit.test.serverConfig"), "redisson-cluster.yaml"));
        Map<String, String> config = Map.of(
                "redkit.redis.config", yaml.toString(),
                "redkit.redis.key-prefix", "cluster-it",
                "redkit.app.jobs.summary.seconds", "1",
                // acknowledged queue messages are counted as ready afterwards: no worker takes them meanwhile
                "redkit.app.queue.workers", "0");
        List<PayaraMicroNode> started = PayaraMicroNode.startPair("cluster", config, config);
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
    }

    @Test
    void everyFeaturesMainFlow_OnBothNodes_Answers2xx_AndKeepsWhatItAcknowledged() {
        List<Long> before = cluster.keysPerMaster();
        // the summary job (every second, one node per tick) has a state once it has run
        Awaitility.await("the first summary run")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nodeA.http().get("api/jobs/summary").status() == 200);
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            FeatureProbe probe = new FeatureProbe(node);
            probe.subscribe();
            Map<String, Integer> statuses = probe.runAll();
            for (String feature : FeatureProbe.FEATURES) {
                int status = statuses.get(feature);
                assertEquals(2, status / 100, feature + " on " + node + ": " + statuses);
            }
            assertTrue(probe.sseDelivers(), "SSE delivered on " + node);
            assertEquals(List.of(), probe.lostAcknowledgedWrites(), "on " + node);
        }
        List<Long> after = cluster.keysPerMaster();
        System.out.println("cluster keys per master before/after the flows: " + before + " / " + after);
        for (int m = 0; m < after.size(); m++) {
            assertTrue(after.get(m) > 0, "master " + m + " holds keys: " + after);
        }
    }

    @Test
    void aSessionMovesBetweenNodes_LoginRotatesItsId() {
        Http a = nodeA.http();
        Http.Reply anonymous = a.send(a.request("api/session/attributes/pre")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("\"guest\""))
                .build());
        assertEquals(201, anonymous.status(), anonymous.toString());
        String before = cookie(anonymous);
        Http.Reply login = nodeB.http()
                .send(nodeB.http()
                        .request("api/session/login")
                        .header("Cookie", "SESSION=" + before)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ada\",\"role\":\"admin\"}"))
                        .build());
        assertEquals(200, login.status(), login.toString());
        String after = cookie(login);
        assertTrue(after != null && !after.equals(before), "a new id at login");
        Http.Reply me = a.send(a.request("api/session/me")
                .header("Cookie", "SESSION=" + after)
                .GET()
                .build());
        assertEquals(200, me.status(), me.toString());
        assertEquals("ada", me.json().getString("user"));
        Http.Reply kept = a.send(a.request("api/session/attributes/pre")
                .header("Cookie", "SESSION=" + after)
                .GET()
                .build());
        assertEquals("\"guest\"", kept.body(), "the data moved with the renamed session (same slot)");
    }

    private static String cookie(Http.Reply reply) {
        for (String header : reply.headers().allValues("Set-Cookie")) {
            if (header.startsWith("SESSION=")) {
                return header.substring(8, header.indexOf(';'));
            }
        }
        return null;
    }
}
