package io.redkit.ratelimit;

/**
 * The answer for one request: admitted or not, and what the {@code RateLimit-*} headers say about the most
 * constraining limit. Times in whole seconds, rounded up, except {@code retryAfterMillis}.
 *
 * @param remaining permits left in that limit after this request
 * @param retryAfterMillis when refused, how long until the refused cost would fit (0 when admitted)
 * @param violated when refused, the limit that refused it
 */
public record Decision(
        boolean allowed,
        long limit,
        long remaining,
        long resetSeconds,
        long retryAfterSeconds,
        Limit violated,
        long retryAfterMillis) {}
