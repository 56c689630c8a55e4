package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedisPing;
import io.redkit.redis.internal.RedissonConfigs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/** Credentials in {@code redkit.redis.address} reach a real password-protected redis-server. */
class RedisAuthTest {

    private static RedissonClient client(String address) {
        RedisSettings settings = RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.ADDRESS, address)));
        return Redisson.create(RedissonConfigs.create(settings, null, RedisAuthTest.class.getClassLoader()));
    }

    @Test
    void address_WithPassword_AuthenticatesAndAWrongOneIsReportedDown() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0, "requirepass s3cret-pw")) {
            RedissonClient right = client("redis://:s3cret-pw@127.0.0.1:" + redis.port());
            RedissonClient wrong = client("redis://:nope@127.0.0.1:" + redis.port());
            try {
                assertTrue(RedisPing.ping(right, Duration.ofSeconds(2)).up());
                right.getBucket("auth-test").set("ok");
                RedisPing.Result denied = RedisPing.ping(wrong, Duration.ofSeconds(2));
                assertFalse(denied.up(), denied.toString());
            } finally {
                right.shutdown();
                wrong.shutdown();
            }
        }
    }
}
