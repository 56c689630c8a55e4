package io.redkit.cache;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * JCache statistics of one cache on this JVM (each node counts what it served). Times are kept in nanoseconds and
 * reported as microsecond averages, as the specification asks.
 */
public final class CacheStats implements CacheStatisticsMXBean {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder getNanos = new LongAdder();
    private final LongAdder putNanos = new LongAdder();
    private final LongAdder removeNanos = new LongAdder();

    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        puts.reset();
        removals.reset();
        evictions.reset();
        getNanos.reset();
        putNanos.reset();
        removeNanos.reset();
    }

    void hits(long n) {
        hits.add(n);
    }

    void misses(long n) {
        misses.add(n);
    }

    void puts(long n) {
        puts.add(n);
    }

    void removals(long n) {
        removals.add(n);
    }

    void evictions(long n) {
        evictions.add(n);
    }

    void getTime(long startNanos) {
        getNanos.add(Math.max(0, System.nanoTime() - startNanos));
    }

    void putTime(long startNanos) {
        putNanos.add(Math.max(0, System.nanoTime() - startNanos));
    }

    void removeTime(long startNanos) {
        removeNanos.add(Math.max(0, System.nanoTime() - startNanos));
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0f : getCacheHits() * 100f / gets;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0f : getCacheMisses() * 100f / gets;
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum();
    }

    @Override
    public float getAverageGetTime() {
        return average(getNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return average(putNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return average(removeNanos.sum(), getCacheRemovals());
    }

    private static float average(long nanos, long count) {
        return count <= 0 || nanos <= 0 ? 0f : (nanos / 1000f) / count;
    }
}
