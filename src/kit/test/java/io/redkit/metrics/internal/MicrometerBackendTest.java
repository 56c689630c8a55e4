package io.redkit.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkit.metrics.internal.micrometer.MicrometerBackend;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** A server that offers a Micrometer {@code MeterRegistry} bean (WildFly's micrometer subsystem) gets redkit's metrics. */
class MicrometerBackendTest {

    static class Server {
        static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

        @Produces
        @Singleton
        MeterRegistry registry() {
            return REGISTRY;
        }
    }

    @Test
    void meterRegistryBean_MetricsGoToMicrometer_WithTheKitsNamesAndTags() {
        try (WeldContainer weld = new Weld("micrometer")
                .disableDiscovery()
                .addBeanClasses(Server.class, MetricsProducer.class, MicrometerBackend.class)
                .initialize()) {
            RedkitMetrics metrics = weld.select(RedkitMetrics.class).get();
            assertInstanceOf(MetricsBackend.class, metrics);
            assertEquals("Micrometer", ((MetricsBackend) metrics).name());

            metrics.increment("redkit.jobs.ticks", "job", "summary", "outcome", "ran");
            metrics.increment("redkit.jobs.ticks", "job", "summary", "outcome", "ran");
            AtomicLong hits = new AtomicLong(7);
            metrics.gauge("redkit.cache.hits", hits, AtomicLong::get, "cache", "products");
            metrics.gauge("redkit.cache.hits", new AtomicLong(99), AtomicLong::get, "cache", "products"); // kept
            hits.set(8);
            metrics.time("redkit.jobs.duration", java.time.Duration.ofMillis(250), "job", "summary");
            metrics.time("redkit.jobs.duration", java.time.Duration.ofMillis(750), "job", "summary");

            MeterRegistry registry = Server.REGISTRY;
            assertEquals(
                    2.0,
                    registry.get("redkit.jobs.ticks")
                            .tags("job", "summary", "outcome", "ran")
                            .counter()
                            .count());
            assertEquals(
                    8.0,
                    registry.get("redkit.cache.hits")
                            .tags("cache", "products")
                            .gauge()
                            .value());
            io.micrometer.core.instrument.Timer timer =
                    registry.get("redkit.jobs.duration").tags("job", "summary").timer();
            assertEquals(2, timer.count());
            assertEquals(1000.0, timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 0.001);
        }
    }
}
