package io.redkit.bench;

import io.redkit.app.catalog.Product;
import io.redkit.cache.RedkitCachingProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RedissonClient;

/**
 * {@code Session.find} of the catalog's {@link Product} (with its tag collection) in a new session each time, with
 * the second-level cache in Redis (warm: every find is an L2 hit) and without it, on two databases: PostgreSQL over
 * loopback (the embedded server of the tests, a real one: the baseline) and, for reference, an in-memory H2 in the
 * same JVM (the cheapest database there is, which no production deployment has).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HibernateBenchmark {

    static final int PRODUCTS = 100;

    @Param({
        "postgres-no-l2-baseline",
        "postgres-l2-redis",
        "postgres-l2-near",
        "postgres-l2-redisson",
        "h2-no-l2",
        "h2-l2-redis"
    })
    public String variant;

    private SessionFactory sessions;
    private EmbeddedPostgres postgres;

    @Setup(Level.Trial)
    public void setUp() {
        boolean l2 = variant.contains("-l2-");
        boolean redisson = variant.endsWith("l2-redisson");
        System.setProperty(RedkitCachingProvider.ADDRESS, System.getProperty(BenchRedis.ADDRESS));
        System.setProperty(RedkitCachingProvider.KEY_PREFIX, "bench-hibernate-" + variant);
        if (variant.endsWith("near")) {
            System.setProperty("redkit.cache.near-default", "10000,60s"); // this trial's JVM only (a fork each)
        }
        String url;
        String user;
        if (variant.startsWith("postgres")) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            url = postgres.getJdbcUrl("postgres", "postgres");
            user = "postgres";
        } else {
            url = "jdbc:h2:mem:bench-" + variant + ";DB_CLOSE_DELAY=-1";
            user = "sa";
        }
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Product.class)
                .setProperty("hibernate.connection.url", url)
                .setProperty("hibernate.connection.username", user)
                .setProperty("hibernate.hbm2ddl.auto", "create")
                .setProperty("hibernate.cache.use_second_level_cache", String.valueOf(l2))
                .setProperty(
                        "hibernate.cache.region.factory_class",
                        redisson ? BenchRedissonRegionFactory.class.getName() : l2 ? "jcache" : "none")
                .setProperty("hibernate.javax.cache.provider", RedkitCachingProvider.class.getName())
                .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
                .setProperty("hibernate.generate_statistics", String.valueOf(l2))
                // statistics only for the check below: logged per session they cost more than a near hit
                .setProperty("hibernate.session.events.log", "false");
        sessions = configuration.buildSessionFactory();
        sessions.inTransaction(session -> {
            for (int i = 1; i <= PRODUCTS; i++) {
                session.createNativeMutationQuery(
                                "insert into products (id, sku, name, category, priceCents, version) values (?1, ?2, ?3, ?4, ?5, 0)")
                        .setParameter(1, (long) i)
                        .setParameter(2, "SKU-" + i)
                        .setParameter(3, "Product " + i)
                        .setParameter(4, "bench")
                        .setParameter(5, 100L * i)
                        .executeUpdate();
            }
        });
        sessions.getCache().evictAllRegions();
        for (long i = 1; i <= PRODUCTS; i++) {
            find(i); // warm the L2 (a no-op without it)
        }
        if (l2) {
            // an L2 variant must measure hits: the product and its tag collection from the cache, no SQL
            org.hibernate.stat.Statistics stats = sessions.getStatistics();
            long hits = stats.getSecondLevelCacheHitCount();
            long statements = stats.getPrepareStatementCount();
            find(1);
            if (stats.getSecondLevelCacheHitCount() - hits != 2 || stats.getPrepareStatementCount() != statements) {
                throw new IllegalStateException(variant + ": a warm find made "
                        + (stats.getSecondLevelCacheHitCount() - hits) + " L2 hits and "
                        + (stats.getPrepareStatementCount() - statements) + " SQL statements (2 and 0 expected)");
            }
            stats.setStatisticsEnabled(false); // the variants without L2 do not count either
        }
    }

    /**
     * Redisson's own Hibernate region factory ({@code org.redisson:redisson-hibernate-6}) on the benchmark's Redis, with
     * Redisson's default codec and settings: the anchor redkit's JCache regions are measured beside.
     */
    public static class BenchRedissonRegionFactory extends org.redisson.hibernate.RedissonRegionFactory {
        @Override
        protected RedissonClient createRedissonClient(
                org.hibernate.boot.registry.StandardServiceRegistry registry, java.util.Map properties) {
            org.redisson.config.Config config = new org.redisson.config.Config();
            config.useSingleServer().setAddress(System.getProperty(BenchRedis.ADDRESS));
            // the transport redkit's client uses here (redkit.redis.transport=auto), so that the rows compare the
            // caches and not Netty's transports
            config.setTransportMode(BenchRedis.config().getTransportMode());
            return org.redisson.Redisson.create(config);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws java.io.IOException {
        if (variant.endsWith("near")) {
            // a near variant must measure local hits: show how often a find still went to Redis
            javax.cache.CacheManager manager = javax.cache.Caching.getCachingProvider(
                            RedkitCachingProvider.class.getName())
                    .getCacheManager();
            for (String name : manager.getCacheNames()) {
                manager.getCache(name)
                        .unwrap(io.redkit.cache.RedkitCache.class)
                        .nearStatistics()
                        .ifPresent(near -> System.out.println("near copy of " + name + ": " + near));
            }
        }
        sessions.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Benchmark
    public Object find() {
        return find(1 + ThreadLocalRandom.current().nextInt(PRODUCTS));
    }

    private Object find(long id) {
        try (Session session = sessions.openSession()) {
            Product product = session.find(Product.class, id);
            return product.getTags().size() + product.getName().length();
        }
    }
}
