package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.it.failover.FailoverUnderLoad;
import io.redkit.it.fault.FeatureProbe;
import io.redkit.testing.FaultyRedis;
import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisClusterTestServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two Payara Micro nodes on a real Redis Cluster (3 masters with 2 replicas each, started by the harness) through
 * the shipped {@code server-config/redisson-cluster.yaml}: every feature's main flow on each node answers 2xx and
 * keeps what it acknowledged, a session moves between nodes (id rotation at login included), the keys spread over
 * all masters, the four rate-limit algorithms admit exactly the limit across the nodes; last, the master holding the
 * summary job's keys and the load's rate-limit key is killed (-9) under load ({@link FailoverUnderLoad}).
 */
@Tag("failover") // mvn verify -Pfailover (.ci/run does)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterIT {

    private static RedisClusterTestServer cluster;
    private static PayaraMicroNode nodeA;
    private static PayaraMicroNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterTestServer.start(3, 2);
        Path yaml = cluster.yaml(Path.of(System.getProperty("redkit.test.serverConfig"), "redisson-cluster.yaml"));
        List<PayaraMicroNode> started = FailoverUnderLoad.startNodes(
                "cluster", yaml, "ping,tiered,fw,log,tb,sw,fo", RateLimitIT.exactRuleSettings());
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyFeaturesMainFlow_OnBothNodes_Answers2xx_AndKeepsWhatItAcknowledged() {
        List<Long> before = cluster.keysPerMaster();
        // the summary job (every second, one node per tick) has a state once it has run
        Awaitility.await("the first summary run")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> OpsLogin.as(nodeA).get("api/jobs/summary").status() == 200);
        FeatureProbe.assertEveryFeatureWorks(nodeA);
        FeatureProbe.assertEveryFeatureWorks(nodeB);
        List<Long> after = cluster.keysPerMaster();
        System.out.println("cluster keys per master before/after the flows: " + before + " / " + after);
        for (int m = 0; m < after.size(); m++) {
            assertTrue(after.get(m) > 0, "master " + m + " holds keys: " + after);
        }
    }

    @Test
    @Order(2)
    void aSessionMovesBetweenNodes_LoginRotatesItsId() {
        Http a = nodeA.http();
        Http.Reply anonymous = a.send(a.request("api/session/attributes/pre")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("\"guest\""))
                .build());
        assertEquals(201, anonymous.status(), anonymous.toString());
        String before = anonymous.setCookie("SESSION");
        Http.Reply login = nodeB.http()
                .send(nodeB.http()
                        .request("api/session/login")
                        .header("Cookie", "SESSION=" + before)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ada\",\"role\":\"admin\"}"))
                        .build());
        assertEquals(200, login.status(), login.toString());
        String after = login.setCookie("SESSION");
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

    @ParameterizedTest
    @ValueSource(strings = {"fw", "log", "tb", "sw"})
    @Order(3)
    void rateLimits_TwoNodesTimesFiftyClients_AdmitExactlyTheLimit_OnTheCluster(String rule) throws Exception {
        RateLimitIT.assertTwoNodesAdmitExactlyTheLimit(nodeA, nodeB, rule);
    }

    @Test
    @Order(4)
    void masterKilledUnderLoad_ServesAgain_NoServerError_NoSessionWriteLostThatWaitedForAReplica() {
        int jobSlot = cluster.slotOf("{summary}");
        int victim = cluster.masterOf(jobSlot);
        String client = clientOn(victim);
        assertTrue(
                Long.parseLong(FaultyRedis.command(victim, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(jobSlot)))
                        > 0,
                "the job's keys are on the master to be killed");
        FailoverUnderLoad.Measured measured = FailoverUnderLoad.run(
                "Cluster (3 masters x 2 replicas), kill -9 a master",
                nodeA,
                nodeB,
                client,
                () -> cluster.kill(victim),
                () -> {
                    int now = cluster.currentMasterOf(jobSlot);
                    return now > 0 && now != victim;
                },
                Duration.ofSeconds(30));
        assertTrue(
                measured.admitted() >= FailoverUnderLoad.LIMIT,
                "the limit was reached: " + measured.admitted() + " admitted");
    }

    /** A client IP whose rate-limit key ({@code {fo:ip:<ip>}}) lives on the master at {@code port}. */
    private static String clientOn(int port) {
        for (int i = 1; i < 255; i++) {
            String ip = "198.51.100." + i;
            if (cluster.masterOf(cluster.slotOf("{fo:ip:" + ip + "}")) == port) {
                return ip;
            }
        }
        throw new IllegalStateException("no client IP of 198.51.100.0/24 hashes to the master on port " + port);
    }
}
