package io.redkit.ratelimit.internal;

import io.redkit.ratelimit.RateLimitRules;
import io.redkit.ratelimit.RateLimitSettings;
import io.redkit.web.internal.FilterContribution;
import jakarta.servlet.Filter;

/** Registers the rate-limit filter after the session filter. */
public final class RateLimitFilterContribution implements FilterContribution {

    @Override
    public int order() {
        return 200;
    }

    @Override
    public String name() {
        return "redkit-rate-limit";
    }

    @Override
    public Class<? extends Filter> type() {
        return RateLimitFilter.class;
    }

    /** Only with rules to apply ({@code @RateLimited} methods work without the filter). */
    @Override
    public boolean wanted(io.redkit.config.ConfigReader config) {
        return config.bool(RateLimitSettings.ENABLED, true)
                && config.optional(RateLimitRules.RULES).isPresent();
    }
}
