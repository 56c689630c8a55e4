package io.redkit.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class MetricsProducerTest {

    /** A backend that records what it is told, with a fixed availability and rank. */
    private record Recording(String name, int rank, boolean available, List<String> calls) implements MetricsBackend {

        Recording(String name, int rank, boolean available) {
            this(name, rank, available, new ArrayList<>());
        }

        @Override
        public void increment(String metric, String... tagPairs) {
            calls.add(metric + List.of(RedkitMetrics.pairs(tagPairs)));
        }

        @Override
        public <T> void gauge(String metric, T owner, ToLongFunction<T> value, String... tagPairs) {
            calls.add(metric + "=" + value.applyAsLong(owner));
        }
    }

    @Test
    void choose_NoBackend_ReportsToNoMetrics() {
        RedkitMetrics metrics = MetricsProducer.choose(List.of());
        assertInstanceOf(NoMetrics.class, metrics);
        metrics.increment("redkit.jobs.ticks", "job", "a", "outcome", "ran"); // does nothing, throws nothing
        metrics.gauge("redkit.cache.hits", "x", String::length, "cache", "c");
    }

    @Test
    void choose_OnlyUnavailableBackends_ReportsToNoMetrics() {
        assertInstanceOf(NoMetrics.class, MetricsProducer.choose(List.of(new Recording("mp", 10, false))));
    }

    @Test
    void choose_SeveralAvailable_TakesTheLowestRank() {
        Recording second = new Recording("second", 20, true);
        Recording first = new Recording("first", 10, true);
        Recording unavailable = new Recording("unavailable", 1, false);
        RedkitMetrics chosen = MetricsProducer.choose(List.of(second, unavailable, first));
        assertSame(first, chosen);
        chosen.increment("redkit.ratelimit.rejected", "rule", "api");
        chosen.gauge("redkit.cache.size", "four", String::length);
        assertEquals(List.of("redkit.ratelimit.rejected[rule, api]", "redkit.cache.size=4"), first.calls());
    }

    @Test
    void tags_OddCount_AreRefusedEvenWithoutABackend() {
        RedkitMetrics none = MetricsProducer.choose(List.of());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> none.increment("redkit.x", "rule"));
        assertEquals("metric tags come in name/value pairs, got 1 strings", e.getMessage());
    }
}
