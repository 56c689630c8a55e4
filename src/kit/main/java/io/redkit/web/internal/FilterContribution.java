package io.redkit.web.internal;

import jakarta.servlet.Filter;

/**
 * A servlet filter a feature adds to every request, registered by {@link RedkitServletInitializer} ahead of the
 * application's own filters. Features list theirs in {@code META-INF/services/io.redkit.web.internal.FilterContribution}, so
 * this package needs to know none of them.
 */
public interface FilterContribution {

    /** Filters run in ascending order: the session filter (100) before the rate limiter (200). */
    int order();

    /** The filter's name; an application that declares a filter of this name in {@code web.xml} keeps its own. */
    String name();

    Class<? extends Filter> type();

    /** Whether the filter is wanted at all (read at startup); a feature that is off adds no filter to the chain. */
    default boolean wanted(io.redkit.config.ConfigReader config) {
        return true;
    }
}
