package io.redkit.bench;

import io.redkit.cache.RedkitCachingProvider;
import java.net.URI;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Cross-node invalidation of near caches, measured directly (not JMH: one writer, one reader, a number per write):
 * two managers of two providers stand for two JVMs on one Redis over loopback. Node A holds the key in its near copy;
 * node B writes a new value; the figure is the time from B's {@code put} returning to A's {@code get} no longer
 * answering the old value (A reads its near copy every 10 µs meanwhile). It is the window in which a read on another node can
 * still see the value a write replaced.
 */
final class NearInvalidationBench {

    record Result(int writes, double p50Micros, double p99Micros, double maxMicros) {}

    /**
     * A's reader pauses this long between reads: a spinning reader would take one of the two cores from Redis and the
     * client's event loop, which deliver the invalidation (resolution: about 60 µs with the kernel's timer slack).
     */
    private static final long PAUSE_NANOS = 10_000;

    private NearInvalidationBench() {}

    static Result run(String address, int writes) {
        RedkitCachingProvider providerA = new RedkitCachingProvider();
        RedkitCachingProvider providerB = new RedkitCachingProvider();
        try {
            Cache<String, String> a = manager(providerA, address).createCache("near-inval", config());
            Cache<String, String> b = manager(providerB, address).createCache("near-inval", config());
            long[] nanos = new long[writes];
            b.put("k", "v-warm");
            for (int i = -200; i < writes; i++) { // 200 warm-up rounds
                String old = "v" + (i - 1);
                String next = "v" + i;
                b.put("k", old);
                while (!old.equals(a.get("k"))) {
                    LockSupport.parkNanos(PAUSE_NANOS); // A holds the old value in its near copy
                }
                a.get("k");
                b.put("k", next);
                long start = System.nanoTime();
                while (!next.equals(a.get("k"))) {
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                }
            }
            Arrays.sort(nanos);
            return new Result(
                    writes,
                    nanos[writes / 2] / 1000.0,
                    nanos[(int) (writes * 0.99)] / 1000.0,
                    nanos[writes - 1] / 1000.0);
        } finally {
            providerA.close();
            providerB.close();
        }
    }

    private static MutableConfiguration<String, String> config() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }

    private static CacheManager manager(RedkitCachingProvider provider, String address) {
        Properties properties = new Properties();
        properties.setProperty(RedkitCachingProvider.ADDRESS, address);
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "bench-near-inval");
        properties.setProperty("redkit.cache.near-default", "1000,60s");
        return provider.getCacheManager(
                URI.create("redkit:bench-near-inval"), NearInvalidationBench.class.getClassLoader(), properties);
    }
}
