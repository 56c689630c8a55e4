/**
 * Caching on Redis: the JCache provider {@link io.redkit.cache.RedkitCachingProvider} (also Hibernate's second-level
 * cache), its {@link io.redkit.cache.RedkitCacheManager} and {@link io.redkit.cache.RedkitCache}, the near cache's
 * {@link io.redkit.cache.NearCacheStatistics}, injection of a declared cache with {@link io.redkit.cache.NamedCache}, and
 * the {@link io.redkit.cache.CacheSettings} read from {@code redkit.cache.*}. The {@code javax.cache.annotation}
 * annotations work on CDI beans without further setup. See {@code docs/caching.md}.
 */
package io.redkit.cache;
