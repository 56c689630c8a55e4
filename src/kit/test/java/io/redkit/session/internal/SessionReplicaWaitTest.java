package io.redkit.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.session.SessionNotReplicatedException;
import io.redkit.session.SessionSettings;
import io.redkit.testing.FaultyRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * {@code redkit.session.wait-replicas}: a session commit returns only once the replica has it (read from the replica
 * right after each commit, with no waiting by the test); with the replica gone, the commit fails with a message
 * naming the setting instead of being acknowledged, and without the setting it is acknowledged as before.
 */
class SessionReplicaWaitTest {

    private EmbeddedRedis master;
    private EmbeddedRedis replica;
    private RedissonClient redisson;

    @BeforeEach
    void masterAndReplica() {
        master = EmbeddedRedis.start(0);
        replica = EmbeddedRedis.start(0, "replicaof 127.0.0.1 " + master.port());
        Awaitility.await("the replica is in sync")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> FaultyRedis.command(replica.port(), "INFO", "replication")
                        .contains("master_link_status:up"));
        redisson = Redisson.create(RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.ADDRESS, master.address()))),
                null,
                getClass().getClassLoader()));
    }

    @AfterEach
    void stop() {
        redisson.shutdown();
        for (EmbeddedRedis server : List.of(replica, master)) {
            if (server.isActive()) {
                server.close();
            }
        }
    }

    private SessionStore store(int replicas) {
        return new SessionStore(redisson, new RedkitKeys("wait"), 1000, replicas, Duration.ofMillis(300));
    }

    private static Map<String, byte[]> attribute(String value) {
        return Map.of("x", value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommit_IsOnTheReplica_WhenItReturns() {
        SessionStore store = store(1);
        String id = SessionIds.newId();
        assertTrue(store.save(id, true, System.currentTimeMillis(), 600, attribute("v0"), List.of()));
        for (int i = 1; i <= 200; i++) {
            assertTrue(store.save(id, false, 0, 600, attribute("v" + i), List.of()));
            assertEquals(
                    "v" + i,
                    FaultyRedis.command(replica.port(), "HGET", store.key(id), "a:x"),
                    "commit " + i + " read from the replica as soon as it returned");
        }
        String renamed = SessionIds.rotate(id);
        assertTrue(store.rename(id, renamed));
        assertEquals("v200", FaultyRedis.command(replica.port(), "HGET", store.key(renamed), "a:x"));
    }

    @Test
    void replicaGone_TheCommitIsRefused_NamingTheSetting_AndTheWriteIsOnTheMasterOnly() {
        SessionStore store = store(1);
        String id = SessionIds.newId();
        assertTrue(store.save(id, true, System.currentTimeMillis(), 600, attribute("before"), List.of()));
        replica.close();
        Awaitility.await("the master sees its replica gone")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> FaultyRedis.command(master.port(), "INFO", "replication")
                        .contains("connected_slaves:0"));
        long start = System.nanoTime();
        SessionNotReplicatedException refused = assertThrows(
                SessionNotReplicatedException.class,
                () -> store.save(id, false, 0, 600, attribute("after"), List.of()));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(refused.getMessage().contains(SessionSettings.WAIT_REPLICAS), refused.getMessage());
        assertTrue(refused.getMessage().contains("0 did"), refused.getMessage());
        assertTrue(refused.detail().endsWith("sending the request again is safe"), refused.detail());
        assertTrue(tookMillis >= 290, "WAIT waited its timeout: " + tookMillis + " ms");
        assertEquals("after", FaultyRedis.command(master.port(), "HGET", store.key(id), "a:x"));
        String rotated = SessionIds.rotate(id);
        assertThrows(SessionNotReplicatedException.class, () -> store.rename(id, rotated));
        assertEquals("after", FaultyRedis.command(master.port(), "HGET", store.key(rotated), "a:x"));

        // without the setting, the same commit is acknowledged as before
        assertTrue(store(0).save(rotated, false, 0, 600, attribute("unconfirmed"), List.of()));
    }

    @Test
    void replicaFrozen_TheCommitIsRefused_AndAcceptedAgainOnceItCatchesUp() {
        SessionStore store = store(1);
        String id = SessionIds.newId();
        assertTrue(store.save(id, true, System.currentTimeMillis(), 600, attribute("before"), List.of()));
        long paused = FaultyRedis.pauseServer(replica.port());
        try {
            assertThrows(
                    SessionNotReplicatedException.class,
                    () -> store.save(id, false, 0, 600, attribute("while frozen"), List.of()));
        } finally {
            FaultyRedis.resumeProcess(paused);
        }
        assertTrue(store.save(id, false, 0, 600, attribute("after"), List.of()));
        assertEquals("after", FaultyRedis.command(replica.port(), "HGET", store.key(id), "a:x"));
    }

    @Test
    void settings_DefaultNoWaiting_BadValuesNameTheKey() {
        SessionSettings defaults = SessionSettings.from(ConfigReader.of(Map.of()));
        assertEquals(0, defaults.waitReplicas());
        assertEquals(Duration.ofSeconds(1), defaults.waitTimeout());
        SessionSettings set = SessionSettings.from(
                ConfigReader.of(Map.of(SessionSettings.WAIT_REPLICAS, "2", SessionSettings.WAIT_TIMEOUT, "250ms")));
        assertEquals(2, set.waitReplicas());
        assertEquals(Duration.ofMillis(250), set.waitTimeout());
        RedkitConfigException negative = assertThrows(
                RedkitConfigException.class,
                () -> SessionSettings.from(ConfigReader.of(Map.of(SessionSettings.WAIT_REPLICAS, "-1"))));
        assertTrue(negative.getMessage().contains(SessionSettings.WAIT_REPLICAS), negative.getMessage());
        RedkitConfigException zero = assertThrows(
                RedkitConfigException.class,
                () -> SessionSettings.from(ConfigReader.of(Map.of(SessionSettings.WAIT_TIMEOUT, "0s"))));
        assertTrue(zero.getMessage().contains(SessionSettings.WAIT_TIMEOUT), zero.getMessage());
    }
}
