package io.redkit.metrics.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;

/** Picks the metrics backend once: the best available one, else {@link NoMetrics} with one INFO line. */
@ApplicationScoped
public class MetricsProducer {

    private static final Logger LOG = Logger.getLogger(MetricsProducer.class.getName());

    @Produces
    @Singleton
    RedkitMetrics metrics(Instance<MetricsBackend> backends) {
        return choose(backends);
    }

    static RedkitMetrics choose(Iterable<? extends MetricsBackend> backends) {
        return StreamSupport.stream(backends.spliterator(), false)
                .filter(MetricsBackend::available)
                .min(Comparator.comparingInt(MetricsBackend::rank))
                .<RedkitMetrics>map(backend -> {
                    LOG.fine(() -> "redkit: metrics go to " + backend.name());
                    return backend;
                })
                .orElseGet(() -> {
                    LOG.info(
                            "redkit: no metrics API on this server (MicroProfile Metrics or Micrometer); redkit's metrics are off");
                    return new NoMetrics();
                });
    }
}
