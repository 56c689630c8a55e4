package io.redkit.session.internal;

import io.redkit.session.SessionSettings;
import io.redkit.web.internal.FilterContribution;
import jakarta.servlet.Filter;

/** Registers the session filter first: rate-limit rules keyed by a session attribute read the session. */
public final class SessionFilterContribution implements FilterContribution {

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String name() {
        return "redkit-session";
    }

    @Override
    public Class<? extends Filter> type() {
        return RedisSessionFilter.class;
    }

    @Override
    public boolean wanted(io.redkit.config.ConfigReader config) {
        return config.bool(SessionSettings.ENABLED, false);
    }
}
