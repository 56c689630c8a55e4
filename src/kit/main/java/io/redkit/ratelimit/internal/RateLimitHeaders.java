package io.redkit.ratelimit.internal;

import io.redkit.ratelimit.Decision;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.web.Problems;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.function.BiConsumer;

/** The response side: {@code RateLimit-*} headers and the 429/503 problem body, made in one place. */
final class RateLimitHeaders {

    private RateLimitHeaders() {}

    /**
     * Sets the IETF draft headers (unless {@code rateLimitHeaders} is off) and Retry-After when refused through
     * {@code header}.
     */
    static void apply(RateLimitService.Verdict verdict, BiConsumer<String, String> header, boolean rateLimitHeaders) {
        Decision d = verdict.decision();
        if (verdict.unknownKey()) {
            header.accept(
                    "WWW-Authenticate",
                    "ApiKey header=\"" + verdict.rule().keySource().name() + "\"");
            return;
        }
        if (d == null) {
            if (verdict.refused()) {
                header.accept("Retry-After", "5");
            }
            return;
        }
        if (rateLimitHeaders) {
            header.accept("RateLimit-Limit", Long.toString(d.limit()));
            header.accept("RateLimit-Remaining", Long.toString(d.remaining()));
            header.accept("RateLimit-Reset", Long.toString(d.resetSeconds()));
            header.accept("RateLimit-Policy", verdict.rule().policy(verdict.tier()));
        }
        if (!d.allowed()) {
            header.accept("Retry-After", Long.toString(d.retryAfterSeconds()));
        }
    }

    /** 401 for an unknown API key (the key does not authenticate anyone), 503 for Redis down, else 429. */
    static int status(RateLimitService.Verdict verdict) {
        if (verdict.unknownKey()) {
            return 401;
        }
        return verdict.redisUnavailable() ? 503 : 429;
    }

    /** The problem+json body, with the rule (and tier) as extension members. */
    static String body(RateLimitService.Verdict verdict) {
        int status = status(verdict);
        String type = status == 429
                ? "urn:redkit:problem:rate-limited"
                : status == 401 ? "urn:redkit:problem:unknown-api-key" : Problems.TYPE_REDIS_UNAVAILABLE;
        String json = Problems.toJson(Problems.of(type, Problems.reason(status), status, verdict.detail()));
        JsonObjectBuilder builder = Json.createObjectBuilder(
                Json.createReader(new StringReader(json)).readObject());
        builder.add("rule", verdict.rule().id());
        builder.add("tier", verdict.tier());
        return builder.build().toString();
    }
}
