package io.redkit.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.internal.JobsProducer;
import io.redkit.jobs.internal.SingletonRunner;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.ratelimit.RateLimitSettings;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import io.redkit.web.ProxyHeaders;
import io.redkit.web.ProxySettings;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The beans that report metrics, in Weld SE without a metrics backend bean — what a server without MicroProfile
 * Metrics leaves once beans.xml has excluded {@code io.redkit.metrics.mp}: they still resolve and work, and
 * {@code describe()} still counts rejections. (Weld honouring the exclusion itself is proven on WildFly.)
 */
class KitWithoutMetricsBackendTest {

    private static RedissonClient redisson;
    private static WeldContainer weld;

    /** What the kit's own producers would read from configuration and Redis. */
    static class Foundations {

        static final String PREFIX = "nometrics-" + UUID.randomUUID();

        @Produces
        @Redkit
        RedissonClient redisson() {
            return redisson;
        }

        @Produces
        RedkitKeys keys() {
            return new RedkitKeys(PREFIX);
        }

        @Produces
        JobSettings jobSettings() {
            return JobSettings.from(ConfigReader.of(Map.of()));
        }

        @Produces
        RateLimitSettings rateLimitSettings() {
            return RateLimitSettings.from(ConfigReader.of(Map.of(
                    "redkit.ratelimit.rules", "once",
                    "redkit.ratelimit.rule.once.paths", "/once",
                    "redkit.ratelimit.rule.once.limits", "1/1m")));
        }

        @Produces
        ProxyHeaders proxyHeaders() {
            return new ProxyHeaders(ProxySettings.from(ConfigReader.of(Map.of())));
        }
    }

    @BeforeAll
    static void start() {
        redisson = RedisTestServer.shared().newClient();
        weld = new Weld("no-metrics-backend")
                .disableDiscovery()
                .addBeanClasses(Foundations.class, MetricsProducer.class, JobsProducer.class, RateLimitService.class)
                .initialize();
    }

    @AfterAll
    static void stop() {
        if (weld != null) {
            weld.shutdown();
        }
        if (redisson != null) {
            redisson.shutdown();
        }
    }

    @Test
    void metrics_NoBackendBean_AreNoMetrics() {
        assertFalse(weld.select(MetricsBackend.class).isResolvable());
        assertInstanceOf(NoMetrics.class, weld.select(RedkitMetrics.class).get());
    }

    @Test
    void singletonRunner_NoBackendBean_Resolves() {
        assertTrue(weld.select(SingletonRunner.class).isResolvable());
        assertEquals(
                SingletonRunner.class, weld.select(SingletonRunner.class).get().getClass());
    }

    @Test
    void rateLimitService_NoBackendBean_RejectsAndCountsRejectionsOnThisNode() {
        RateLimitService service = weld.select(RateLimitService.class).get();
        RateLimitSettings settings = weld.select(RateLimitSettings.class).get();
        RateLimitRule rule = settings.rules().get(0);
        assertEquals(0L, service.describe(rule).get("rejectedOnThisNode"));
        assertFalse(service.check(rule, null).refused(), "the first request is within 1/1m");
        assertTrue(service.check(rule, null).refused(), "the second is over it");
        assertTrue(service.check(rule, null).refused());
        assertEquals(2L, service.describe(rule).get("rejectedOnThisNode"));
    }
}
