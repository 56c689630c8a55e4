/**
 * The Redis connection and its conventions: the application's {@code RedissonClient} qualified {@link
 * io.redkit.redis.Redkit @Redkit}, every key built by {@link io.redkit.redis.RedkitKeys}, the {@link
 * io.redkit.redis.RedisSettings} of {@code redkit.redis.*}, and the outage classification ({@link
 * io.redkit.redis.RedisOutages}, {@link io.redkit.redis.RedisUnavailableException}) every feature applies. See {@code
 * docs/operations.md}.
 */
package io.redkit.redis;
