package io.redkit.metrics.internal;

import java.util.function.ToLongFunction;

/** What the kit reports to when the server offers no metrics API: nothing. */
final class NoMetrics implements RedkitMetrics {

    @Override
    public void increment(String name, String... tagPairs) {
        RedkitMetrics.pairs(tagPairs);
    }

    @Override
    public <T> void gauge(String name, T owner, ToLongFunction<T> value, String... tagPairs) {
        RedkitMetrics.pairs(tagPairs);
    }

    @Override
    public String toString() {
        return "no metrics";
    }
}
