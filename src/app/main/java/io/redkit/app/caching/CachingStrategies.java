package io.redkit.app.caching;

import io.redkit.app.catalog.Catalog;
import io.redkit.app.catalog.ProductData;
import io.redkit.app.web.WarningThrottle;
import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.redisson.api.RedissonClient;

/**
 * The caching strategies beyond cache-aside, each on the catalog:
 *
 * <ul>
 *   <li><b>read-through</b> and <b>write-through</b>: the JCache {@code product-prices} (sku → price in cents) has a
 *       {@link CacheLoader} that reads a missing price from the database inside {@code get}, and a {@link
 *       CacheWriter} that writes a {@code put} to the database before the cache changes (a failed write leaves the
 *       cache untouched);
 *   <li><b>tag-based invalidation</b>: category pages are cached with the tags {@code category:<c>} and {@code
 *       product:<sku>} of every product on them; a product change invalidates exactly the pages that show it;
 *   <li><b>refresh-ahead</b>: price statistics per category are reloaded in the background when a read finds them
 *       close to expiry, so steady readers never wait for the database;
 *   <li><b>write-behind</b>: ratings ({@link WriteBehindRatings}, flushed by {@link RatingsFlusher}).
 * </ul>
 */
@ApplicationScoped
public class CachingStrategies {

    static final String PRICES = "product-prices";

    /** A cached category page as stored: the products plus which load produced it. */
    public record Page(String category, List<ProductData.Output> products, long loadNumber, Instant loadedAt) {}

    /** Cached price statistics as stored. */
    public record Stats(Catalog.PriceStats stats, long loadNumber, Instant loadedAt) {}

    @Inject
    Catalog catalog;

    @Inject
    @Redkit
    CacheManager cacheManager;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Resource
    ManagedExecutorService executor;

    private static final Logger LOG = Logger.getLogger(CachingStrategies.class.getName());

    private final Jsonb json = JsonbBuilder.create();
    private final Set<String> pendingInvalidations = ConcurrentHashMap.newKeySet();
    private final WarningThrottle warnings = new WarningThrottle();
    private final AtomicLong priceLoads = new AtomicLong();
    private final AtomicLong priceWrites = new AtomicLong();
    private final AtomicLong pageLoads = new AtomicLong();
    private final AtomicLong statsLoads = new AtomicLong();
    private CachingSettings settings;
    private Cache<String, Long> prices;
    private TaggedCache pages;
    private RefreshAheadCache stats;

    @PostConstruct
    void init() {
        settings = CachingSettings.from(
                ConfigReader.of(ConfigProvider.getConfig(getClass().getClassLoader())));
        MutableConfiguration<String, Long> configuration = new MutableConfiguration<String, Long>()
                .setTypes(String.class, Long.class)
                .setReadThrough(true)
                .setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(new PriceLoader()))
                .setWriteThrough(true)
                .setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(new PriceWriter()))
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                        new Duration(TimeUnit.MILLISECONDS, settings.priceTtl().toMillis())))
                .setStatisticsEnabled(true);
        prices = cacheManager.createCache(PRICES, configuration); // its loader and writer are this bean's
        pages = new TaggedCache(redisson, keys, "catalog");
        stats = new RefreshAheadCache(
                redisson, keys, "price-stats", settings.statsTtl(), settings.statsRefreshBelow(), executor);
    }

    public CachingSettings settings() {
        return settings;
    }

    // ---- read-through / write-through

    /** Read-through: a miss runs the loader inside {@code get}; empty if no product has the sku. */
    public Optional<Long> price(String sku) {
        return Optional.ofNullable(prices.get(sku));
    }

    /** Write-through: the writer updates the database, then the cache holds the new price. */
    public void setPrice(String sku, long priceCents) {
        try {
            prices.put(sku, priceCents);
        } catch (CacheWriterException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof NotFoundException notFound) {
                    throw notFound;
                }
            }
            throw e;
        }
        pages.invalidate(List.of(productTag(sku)));
    }

    // ---- tag-based invalidation

    /** A category page, from the tagged cache or (on a miss) the database; {@code [json, "HIT"|"MISS"]}. */
    public String[] page(String category) {
        retryPendingInvalidations();
        Optional<String> cached = pages.get(pageId(category));
        if (cached.isPresent()) {
            return new String[] {cached.get(), "HIT"};
        }
        List<ProductData.Output> products = catalog.list(category);
        String value = json.toJson(new Page(category, products, pageLoads.incrementAndGet(), Instant.now()));
        List<String> tags = new ArrayList<>();
        tags.add(categoryTag(category));
        products.forEach(p -> tags.add(productTag(p.sku())));
        pages.put(pageId(category), value, settings.pageTtl(), tags);
        return new String[] {value, "MISS"};
    }

    /** Explicit invalidation of a tag ({@code category:<c>} or {@code product:<sku>}); how many entries it dropped. */
    public long invalidate(String tag) {
        return pages.invalidate(List.of(tag));
    }

    /**
     * After a product changed in the database: drop the pages showing it and the pages of its (new) category, and its
     * cached price. The change has committed, so a Redis outage must not fail the request: the tags are kept on this
     * node and invalidated before the next page is served (or by the next flusher tick) once Redis answers.
     */
    public void productChanged(String sku, String category) {
        List<String> tags =
                category == null ? List.of(productTag(sku)) : List.of(productTag(sku), categoryTag(category));
        try {
            pages.invalidate(tags);
        } catch (RuntimeException e) {
            if (!RedisOutages.isOutage(e)) {
                throw e;
            }
            pendingInvalidations.addAll(tags);
            if (warnings.tryWarn()) {
                LOG.warning("Redis unreachable: invalidation of " + tags + " postponed until it answers ("
                        + RedisOutages.describe(e) + ")");
            }
        }
        prices.remove(sku); // the JCache outage policy covers this one (bypass: cleared when Redis is back)
    }

    /** Invalidates the tags a Redis outage postponed; throws (keeping them) while Redis is still unreachable. */
    void retryPendingInvalidations() {
        if (pendingInvalidations.isEmpty()) {
            return;
        }
        List<String> tags = List.copyOf(pendingInvalidations);
        pages.invalidate(tags);
        tags.forEach(pendingInvalidations::remove);
    }

    // ---- refresh-ahead

    /** Price statistics of a category through the refresh-ahead cache. */
    public RefreshAheadCache.Read priceStats(String category) {
        return stats.get(
                category,
                c -> json.toJson(new Stats(catalog.priceStats(c), statsLoads.incrementAndGet(), Instant.now())));
    }

    // ---- what happened on this node

    public Map<String, Object> counts() {
        Map<String, Object> counts = new HashMap<>();
        counts.put("priceLoads", priceLoads.get());
        counts.put("priceWrites", priceWrites.get());
        counts.put("pageLoads", pageLoads.get());
        counts.put("statsLoads", statsLoads.get());
        return counts;
    }

    private static String pageId(String category) {
        return "category:" + category;
    }

    private static String categoryTag(String category) {
        return "category:" + category;
    }

    private static String productTag(String sku) {
        return "product:" + sku;
    }

    /** Read-through: runs inside {@code Cache.get} on a miss. {@code null} = no such product (nothing cached). */
    private final class PriceLoader implements CacheLoader<String, Long> {
        @Override
        public Long load(String sku) {
            priceLoads.incrementAndGet();
            return catalog.priceOf(sku).orElse(null);
        }

        @Override
        public Map<String, Long> loadAll(Iterable<? extends String> skus) {
            Map<String, Long> loaded = new HashMap<>();
            for (String sku : skus) {
                Long price = load(sku);
                if (price != null) {
                    loaded.put(sku, price);
                }
            }
            return loaded;
        }
    }

    /**
     * Write-through: runs inside {@code Cache.put} before the entry changes. Removing a price from the cache is only
     * an eviction: prices are not deleted on their own (a product is, through {@code /api/products}).
     */
    private final class PriceWriter implements CacheWriter<String, Long> {
        @Override
        public void write(Cache.Entry<? extends String, ? extends Long> entry) {
            priceWrites.incrementAndGet();
            if (catalog.setPrice(entry.getKey(), entry.getValue()).isEmpty()) {
                throw new CacheWriterException(new NotFoundException("No product has sku '" + entry.getKey() + "'"));
            }
        }

        @Override
        public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends Long>> entries) {
            for (var it = entries.iterator(); it.hasNext(); ) {
                write(it.next());
                it.remove(); // the spec: entries left in the collection are the ones not written
            }
        }

        @Override
        public void delete(Object key) {}

        @Override
        public void deleteAll(java.util.Collection<?> keys) {
            keys.clear();
        }
    }
}
