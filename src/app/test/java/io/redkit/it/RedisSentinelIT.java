package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.it.failover.FailoverUnderLoad;
import io.redkit.it.fault.FeatureProbe;
import io.redkit.testing.FaultyRedis;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisSentinelTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro nodes on a master with two replicas watched by three Sentinels, through the shipped {@code
 * server-config/redisson-sentinel.yaml}: every feature's main flow on each node answers 2xx and keeps what it
 * acknowledged; then, under load ({@link FailoverUnderLoad}), both replicas are frozen (SIGSTOP) and cut off from
 * the master until node B has had writes acknowledged that no replica has, the master is killed (-9), the replicas
 * resume and the Sentinels promote one: the worst case of asynchronous replication, where only {@code redkit.session.wait-replicas} keeps
 * acknowledged session writes.
 */
@Tag("failover") // mvn verify -Pfailover (.ci/run does)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelIT {

    private static RedisSentinelTestServer topology;
    private static PayaraMicroNode nodeA;
    private static PayaraMicroNode nodeB;

    @BeforeAll
    static void start() throws Exception {
        topology = RedisSentinelTestServer.start(2);
        Path yaml = topology.yaml(Path.of(System.getProperty("redkit.test.serverConfig"), "redisson-sentinel.yaml"));
        List<PayaraMicroNode> started = FailoverUnderLoad.startNodes("sentinel", yaml, "ping,tiered,fo", Map.of());
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    @Order(1)
    void everyFeaturesMainFlow_OnBothNodes_Answers2xx_AndKeepsWhatItAcknowledged() {
        Awaitility.await("the first summary run")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> OpsLogin.as(nodeA).get("api/jobs/summary").status() == 200);
        FeatureProbe.assertEveryFeatureWorks(nodeA);
        FeatureProbe.assertEveryFeatureWorks(nodeB);
    }

    @Test
    @Order(2)
    void masterKilledWithItsReplicasBehind_ServesAgain_NoServerError_NoSessionWriteLostThatWaitedForAReplica() {
        int master = topology.masterPort();
        List<Integer> replicas = topology.replicasOf(master);
        List<Long> paused = new java.util.ArrayList<>();
        FailoverUnderLoad.Measured measured = FailoverUnderLoad.run(
                "Sentinel (master + 2 replicas), replicas behind, kill -9 the master",
                nodeA,
                nodeB,
                "198.51.100.7",
                new FailoverUnderLoad.Lag() {
                    @Override
                    public void pause() {
                        replicas.forEach(port -> paused.add(FaultyRedis.pauseServer(port)));
                        // and cut their links: what the master sends before this sits in their socket buffers and
                        // would reach them on resume; what it acknowledges after this, no replica ever gets
                        FaultyRedis.command(master, "CLIENT", "KILL", "TYPE", "replica");
                    }

                    @Override
                    public void resume() {
                        paused.forEach(FaultyRedis::resumeProcess);
                    }
                },
                () -> topology.kill(master),
                () -> topology.masterPort() != master,
                Duration.ofSeconds(30));
        assertTrue(
                measured.admitted() >= FailoverUnderLoad.LIMIT,
                "the limit was reached: " + measured.admitted() + " admitted");
    }
}
