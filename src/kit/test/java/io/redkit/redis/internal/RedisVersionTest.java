package io.redkit.redis.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.FaultyRedis;
import org.junit.jupiter.api.Test;

/**
 * The unit tests run on the Redis they claim to: the bundled 6.2 by default, Debian's 7 in the {@code redis-7} run
 * (system property {@code redkit.test.redis-version}, set by the module's surefire executions). A run that silently
 * fell back to the bundled binary fails here.
 */
class RedisVersionTest {

    @Test
    void harnessRedis_IsTheVersionThisRunIsFor() {
        String expected = System.getProperty("redkit.test.redis-version", "");
        try (FaultyRedis redis = FaultyRedis.start(false)) {
            String version = redis.info("redis_version").trim();
            System.out.println("unit tests on Redis " + version + " ("
                    + EmbeddedRedis.executable().map(Object::toString).orElse("the embedded-redis artifact's binary")
                    + ")");
            assertTrue(version.startsWith(expected), "expected Redis " + expected + "x, the harness runs " + version);
        }
    }
}
