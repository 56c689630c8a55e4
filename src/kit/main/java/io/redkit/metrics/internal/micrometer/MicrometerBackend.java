package io.redkit.metrics.internal.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.redkit.metrics.internal.MetricsBackend;
import io.redkit.metrics.internal.RedkitMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;

/**
 * Micrometer, when the server puts a {@code MeterRegistry} bean in the application (WildFly's micrometer subsystem
 * does). The only class of the kit that touches Micrometer; the kit's beans.xml hides this package when
 * {@code io.micrometer.core.instrument.MeterRegistry} is not on the server. Prometheus names come out as with
 * MicroProfile Metrics ({@code redkit_cache_hits}, {@code redkit_jobs_ticks_total}).
 */
@ApplicationScoped
@Typed(MetricsBackend.class)
public class MicrometerBackend implements MetricsBackend {

    @Inject
    Instance<MeterRegistry> registries;

    private volatile MeterRegistry registry;

    @Override
    public String name() {
        return "Micrometer";
    }

    @Override
    public int rank() {
        return 20; // after MicroProfile Metrics, the API of the servers the kit was first built on
    }

    @Override
    public boolean available() {
        return registries.isResolvable();
    }

    @Override
    public void increment(String name, String... tagPairs) {
        registry().counter(name, RedkitMetrics.pairs(tagPairs)).increment();
    }

    @Override
    public <T> void gauge(String name, T owner, ToLongFunction<T> value, String... tagPairs) {
        // a gauge with the same name and tags is returned, not replaced, by register()
        Gauge.builder(name, owner, o -> value.applyAsLong(o))
                .tags(RedkitMetrics.pairs(tagPairs))
                .strongReference(true)
                .register(registry());
    }

    @Override
    public void time(String name, java.time.Duration duration, String... tagPairs) {
        registry().timer(name, RedkitMetrics.pairs(tagPairs)).record(duration);
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = registries.get();
            registry = r;
        }
        return r;
    }
}
