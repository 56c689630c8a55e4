package io.redkit.ratelimit;

/**
 * The answer for one request: admitted or not, and what the {@code RateLimit-*} headers say about the most
 * constraining limit. Times in whole seconds, rounded up.
 */
public record Decision(
        boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds, Limit violated) {}
