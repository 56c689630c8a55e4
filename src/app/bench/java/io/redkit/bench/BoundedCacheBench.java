package io.redkit.bench;

import io.redkit.cache.RedkitCache;
import io.redkit.cache.RedkitCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * Bounded caches on a skewed workload: cache-aside ({@code get}, and {@code put} on a miss) over {@code keys} keys
 * drawn from a Zipf distribution, the cache bounded to a tenth of them, for the two eviction strategies and an
 * unbounded cache as the baseline (its hit rate is the ceiling, its costs the floor). The variants run in interleaved
 * rounds on the same key sequence (one thread), so drift of a shared machine lands on all of them; a variant's cost is
 * the median of its rounds' mean microseconds per {@code get} and per {@code put}.
 */
final class BoundedCacheBench {

    private BoundedCacheBench() {}

    /**
     * A variant's hit rate over the measured rounds, client microseconds per {@code get} and per {@code put} (medians of
     * the rounds' means), Redis's own microseconds in scripts per cache-aside step ({@code INFO commandstats}, which
     * the client's CPU does not disturb), and the evictions counted.
     */
    record Result(
            String variant, double hitRate, double getMicros, double putMicros, double redisMicros, long evictions) {}

    private static final String[] VARIANTS = {"unbounded", "lru", "sampled"};

    static List<Result> run(String address, int keys, double skew, int rounds, int perRound) {
        int bound = keys / 10;
        int[] sequence = zipf(keys, skew, (rounds + 2) * perRound, 42);
        String value = "v".repeat(100);
        Map<String, Cache<String, String>> caches = new LinkedHashMap<>();
        List<RedkitCachingProvider> providers = new ArrayList<>();
        org.redisson.api.RedissonClient stats = BenchRedis.client();
        try {
            for (String variant : VARIANTS) {
                Properties properties = new Properties();
                properties.setProperty(RedkitCachingProvider.ADDRESS, address);
                properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "bench-bounded");
                if (!variant.equals("unbounded")) {
                    properties.setProperty("redkit.cache.bounded-" + variant + ".max-entries", String.valueOf(bound));
                    properties.setProperty("redkit.cache.eviction", variant);
                }
                RedkitCachingProvider provider = new RedkitCachingProvider();
                providers.add(provider);
                Cache<String, String> cache = provider.getCacheManager(
                                URI.create("redkit:bench-bounded-" + variant),
                                BoundedCacheBench.class.getClassLoader(),
                                properties)
                        .createCache(
                                "bounded-" + variant,
                                new MutableConfiguration<String, String>()
                                        .setTypes(String.class, String.class)
                                        .setStatisticsEnabled(true));
                cache.clear();
                caches.put(variant, cache);
            }
            Map<String, long[]> counts = new LinkedHashMap<>(); // hits, gets, get nanos, puts, put nanos
            Map<String, List<Double>> getMeans = new LinkedHashMap<>();
            Map<String, List<Double>> putMeans = new LinkedHashMap<>();
            Map<String, Long> scriptMicros = new LinkedHashMap<>();
            for (int round = 0; round < rounds + 2; round++) { // the first two rounds fill and warm up
                for (Map.Entry<String, Cache<String, String>> entry : caches.entrySet()) {
                    long[] c = new long[5];
                    Cache<String, String> cache = entry.getValue();
                    long scriptsBefore = scriptMicros(stats);
                    for (int i = round * perRound; i < (round + 1) * perRound; i++) {
                        String key = "k" + sequence[i];
                        long start = System.nanoTime();
                        String found = cache.get(key);
                        long got = System.nanoTime();
                        c[1]++;
                        c[2] += got - start;
                        if (found != null) {
                            c[0]++;
                        } else {
                            cache.put(key, value);
                            c[3]++;
                            c[4] += System.nanoTime() - got;
                        }
                    }
                    long scripts = scriptMicros(stats) - scriptsBefore;
                    if (round >= 2) {
                        scriptMicros.merge(entry.getKey(), scripts, Long::sum);
                        long[] total = counts.computeIfAbsent(entry.getKey(), k -> new long[5]);
                        for (int j = 0; j < 5; j++) {
                            total[j] += c[j];
                        }
                        getMeans.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                                .add(c[2] / 1000.0 / c[1]);
                        putMeans.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                                .add(c[3] == 0 ? 0 : c[4] / 1000.0 / c[3]);
                    }
                }
            }
            List<Result> results = new ArrayList<>();
            for (String variant : VARIANTS) {
                long[] total = counts.get(variant);
                results.add(new Result(
                        variant,
                        100.0 * total[0] / total[1],
                        median(getMeans.get(variant)),
                        median(putMeans.get(variant)),
                        (double) scriptMicros.get(variant) / total[1],
                        caches.get(variant)
                                .unwrap(RedkitCache.class)
                                .statistics()
                                .getCacheEvictions()));
            }
            caches.values().forEach(Cache::clear);
            return results;
        } finally {
            providers.forEach(RedkitCachingProvider::close);
            stats.shutdown();
        }
    }

    /** Microseconds Redis has spent in scripts since it started. */
    private static long scriptMicros(org.redisson.api.RedissonClient redisson) {
        Map<String, Long> micros = io.redkit.testing.RedisCommandStats.micros(redisson);
        return micros.getOrDefault("evalsha", 0L) + micros.getOrDefault("eval", 0L);
    }

    /** {@code n} draws of 0..keys-1, key i with probability proportional to 1/(i+1)^skew, from a fixed seed. */
    static int[] zipf(int keys, double skew, int n, long seed) {
        double[] cdf = new double[keys];
        double sum = 0;
        for (int i = 0; i < keys; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cdf[i] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] draws = new int[n];
        for (int i = 0; i < n; i++) {
            int at = java.util.Arrays.binarySearch(cdf, random.nextDouble() * sum);
            draws[i] = at >= 0 ? at : Math.min(keys - 1, -at - 1);
        }
        return draws;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
