package io.redkit.metrics.internal;

/**
 * A metrics API the kit can report to. Each backend lives in its own package, which the kit's beans.xml excludes
 * from discovery when the backend's API is not on the server ({@code <if-class-not-available>}), so a missing API
 * costs one bean, never the beans that report metrics.
 */
public interface MetricsBackend extends RedkitMetrics {

    /** For the log line: "MicroProfile Metrics". */
    String name();

    /** Lower is preferred when several backends are available. */
    int rank();

    /** True when the server really offers the API to this application (its registry resolves). */
    boolean available();
}
