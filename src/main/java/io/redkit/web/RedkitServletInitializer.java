package io.redkit.web;

import io.redkit.ratelimit.RateLimitFilter;
import io.redkit.session.RedisSessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Registers redkit's filters in the one order that works, ahead of the application's own filters: sessions first
 * (rate-limit rules keyed by a session attribute read the session), then the rate limiter. An application that
 * uses the kit's classes jar gets them without touching its {@code web.xml}.
 */
public class RedkitServletInitializer implements ServletContainerInitializer {

    private static final Logger LOG = Logger.getLogger(RedkitServletInitializer.class.getName());
    private static final EnumSet<DispatcherType> REQUESTS = EnumSet.of(DispatcherType.REQUEST);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        register(context, "redkit-session", RedisSessionFilter.class);
        register(context, "redkit-rate-limit", RateLimitFilter.class);
    }

    private static void register(ServletContext context, String name, Class<? extends jakarta.servlet.Filter> type) {
        FilterRegistration.Dynamic filter = context.addFilter(name, type);
        if (filter == null) {
            LOG.info("Filter '" + name + "' is declared by the application; using its declaration");
            return;
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(REQUESTS, false, "/*");
    }
}
