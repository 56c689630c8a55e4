/**
 * Rate limiting on Redis: the rules of {@code redkit.ratelimit.*} are applied by a servlet filter (429 with {@code
 * RateLimit-*} headers) and by {@link io.redkit.ratelimit.RateLimited @RateLimited} on CDI methods; business code asks
 * {@link io.redkit.ratelimit.RateLimitService} for a {@link io.redkit.ratelimit.Decision}, and operators change limits at
 * runtime through {@link io.redkit.ratelimit.RateLimitRulesAdmin}. See {@code docs/rate-limiting.md}.
 */
package io.redkit.ratelimit;
