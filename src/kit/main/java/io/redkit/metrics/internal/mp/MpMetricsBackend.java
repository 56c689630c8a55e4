package io.redkit.metrics.internal.mp;

import io.redkit.metrics.internal.MetricsBackend;
import io.redkit.metrics.internal.RedkitMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * MicroProfile Metrics (the application registry). The only class of the kit that touches that API; the kit's
 * beans.xml hides this package when {@code org.eclipse.microprofile.metrics.MetricRegistry} is not on the server.
 */
@ApplicationScoped
@Typed(MetricsBackend.class)
public class MpMetricsBackend implements MetricsBackend {

    @Inject
    Instance<MetricRegistry> registries;

    private volatile MetricRegistry registry;

    @Override
    public String name() {
        return "MicroProfile Metrics";
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public boolean available() {
        return registries.isResolvable();
    }

    @Override
    public void increment(String name, String... tagPairs) {
        registry().counter(name, tags(tagPairs)).inc();
    }

    @Override
    public <T> void gauge(String name, T owner, ToLongFunction<T> value, String... tagPairs) {
        MetricRegistry registry = registry();
        Tag[] tags = tags(tagPairs);
        if (registry.getGauge(new MetricID(name, tags)) == null) {
            registry.gauge(name, owner, o -> value.applyAsLong(o), tags);
        }
    }

    @Override
    public void time(String name, java.time.Duration duration, String... tagPairs) {
        registry().timer(name, tags(tagPairs)).update(duration);
    }

    private MetricRegistry registry() {
        MetricRegistry r = registry;
        if (r == null) {
            r = registries.get(); // looked up once: the application registry lives as long as the application
            registry = r;
        }
        return r;
    }

    private static Tag[] tags(String... tagPairs) {
        String[] pairs = RedkitMetrics.pairs(tagPairs);
        Tag[] tags = new Tag[pairs.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(pairs[2 * i], pairs[2 * i + 1]);
        }
        return tags;
    }
}
