package io.redkit.cache;

/**
 * What a cache's near copy did in this JVM since start: hits served locally, misses that went to Redis,
 * invalidations heard from any node, times it was emptied (clear, lost announcements, lost subscription, Redis
 * reset), and how many entries it holds (an estimate).
 */
public record NearCacheStatistics(long hits, long misses, long invalidations, long resets, long size) {}
