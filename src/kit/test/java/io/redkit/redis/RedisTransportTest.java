package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedissonConfigs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.TransportMode;

/** {@code redkit.redis.transport}: which Netty transport the client gets, and that each one talks to a real Redis. */
class RedisTransportTest {

    private static EmbeddedRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start(0);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static Config config(String transport) {
        Map<String, String> values = new HashMap<>(Map.of(RedisSettings.ADDRESS, redis.address()));
        if (transport != null) {
            values.put(RedisClientTuning.TRANSPORT, transport);
        }
        return RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(values)), null, RedisTransportTest.class.getClassLoader());
    }

    /** A value written and read back through a client of this configuration. */
    private static void roundTrip(Config config) {
        RedissonClient client = Redisson.create(config);
        try {
            client.getBucket("transport-test:" + config.getTransportMode()).set("v");
            assertEquals(
                    "v",
                    client.getBucket("transport-test:" + config.getTransportMode())
                            .get());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void auto_IsEpollWhereNettyLoadsIt_ElseNio_AndTalksToRedis() {
        Config config = config(null);
        assertEquals(Epoll.isAvailable() ? TransportMode.EPOLL : TransportMode.NIO, config.getTransportMode());
        assertTrue(RedissonConfigs.describe(config)
                .endsWith(", " + config.getTransportMode().name().toLowerCase() + " transport"));
        roundTrip(config);
    }

    @Test
    void linuxOnX86OrArm_TheKitsJarsLoadEpoll() {
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertTrue(Epoll.isAvailable(), () -> "epoll did not load: " + Epoll.unavailabilityCause());
        }
    }

    @Test
    void nio_IsNio_AndTalksToRedis() {
        Config config = config("nio");
        assertEquals(TransportMode.NIO, config.getTransportMode());
        roundTrip(config);
    }

    @Test
    void epoll_WhereItLoads_IsEpoll_ElseFailsNamingTheKeyAndTheReason() {
        if (Epoll.isAvailable()) {
            Config config = config("epoll");
            assertEquals(TransportMode.EPOLL, config.getTransportMode());
            roundTrip(config);
        } else {
            RedkitConfigException e = assertThrows(RedkitConfigException.class, () -> config("epoll"));
            assertEquals(RedisClientTuning.TRANSPORT, e.key());
            assertTrue(e.getMessage().contains("not available"), e.getMessage());
        }
    }

    @Test
    void unknownTransport_FailsNamingTheKeyAndTheChoices() {
        RedkitConfigException e = assertThrows(RedkitConfigException.class, () -> config("kqueue"));
        assertEquals(RedisClientTuning.TRANSPORT, e.key());
        assertTrue(e.getMessage().contains("auto, nio, epoll"), e.getMessage());
    }
}
