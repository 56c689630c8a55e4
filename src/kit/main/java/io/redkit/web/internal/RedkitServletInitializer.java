package io.redkit.web.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Registers the features' filters ({@link FilterContribution}s, found with {@link ServiceLoader}) in their order,
 * ahead of the application's own filters: sessions first (rate-limit rules keyed by a session attribute read the
 * session), then the rate limiter. An application that uses the kit gets them without touching its {@code web.xml}.
 */
public class RedkitServletInitializer implements ServletContainerInitializer {

    private static final Logger LOG = Logger.getLogger(RedkitServletInitializer.class.getName());
    private static final EnumSet<DispatcherType> REQUESTS = EnumSet.of(DispatcherType.REQUEST);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        List<FilterContribution> filters = new ArrayList<>();
        ServiceLoader.load(FilterContribution.class, context.getClassLoader()).forEach(filters::add);
        filters.sort(Comparator.comparingInt(FilterContribution::order));
        io.redkit.config.ConfigReader config = config(context);
        for (FilterContribution filter : filters) {
            if (config == null || filter.wanted(config)) {
                register(context, filter.name(), filter.type());
            } else {
                LOG.fine(() -> "Filter '" + filter.name() + "' not added: its feature is off");
            }
        }
    }

    /** The application's configuration, or null if it cannot be read this early (then every filter is added). */
    private static io.redkit.config.ConfigReader config(ServletContext context) {
        java.util.Optional<String> missing =
                io.redkit.config.ConfigReader.microProfileConfigMissing(context.getClassLoader());
        if (missing.isPresent()) {
            LOG.severe("redkit deployment stopped: " + missing.get());
            throw new IllegalStateException(missing.get());
        }
        try {
            return io.redkit.config.ConfigReader.of(
                    org.eclipse.microprofile.config.ConfigProvider.getConfig(context.getClassLoader()));
        } catch (RuntimeException e) {
            LOG.warning("redkit: configuration not readable at startup (" + e + "); every filter is added and checks"
                    + " its switch per request");
            return null;
        }
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
