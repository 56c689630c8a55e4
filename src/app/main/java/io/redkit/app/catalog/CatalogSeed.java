package io.redkit.app.catalog;

import io.redkit.redis.Redkit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.logging.Logger;
import javax.cache.CacheManager;

/** A few products for the reference app, when the database is empty (the default H2 database starts empty). */
@ApplicationScoped
public class CatalogSeed {

    private static final Logger LOG = Logger.getLogger(CatalogSeed.class.getName());

    @Inject
    Catalog catalog;

    @Inject
    @Redkit
    CacheManager cacheManager;

    @Inject
    ProfileService profiles;

    void seed(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // the CacheManager is bound to Redis first (it is injected); then the database is filled if empty
        cacheManager.getURI();
        try {
            if (catalog.count() == 0) {
                add("KB-001", "Mechanical keyboard", "keyboards", 8900, Set.of("usb", "rgb"));
                add("KB-002", "Travel keyboard", "keyboards", 4900, Set.of("bluetooth"));
                add("MS-001", "Trackball", "mice", 5900, Set.of("usb", "ergonomic"));
                add("MN-001", "27-inch monitor", "monitors", 29900, Set.of("4k"));
                LOG.info("redkit: seeded the catalog with 4 products");
            }
            profiles.insertRow(1, "Ada", "ada@example.com");
            profiles.insertRow(2, "Grace", "grace@example.com");
            profiles.insertRow(3, "Linus", "linus@example.com");
        } catch (RuntimeException e) {
            LOG.warning("redkit: catalog not seeded: " + e);
        }
    }

    private void add(String sku, String name, String category, long price, Set<String> tags) {
        ProductData.Input input = new ProductData.Input();
        input.sku = sku;
        input.name = name;
        input.category = category;
        input.priceCents = price;
        input.tags = new java.util.TreeSet<>(tags);
        catalog.create(input);
    }
}
