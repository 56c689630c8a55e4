package io.redkit.ratelimit;

/** Thrown by {@link RateLimited} methods over their limit; mapped to 429 with the {@code RateLimit-*} headers. */
public class RateLimitExceededException extends RuntimeException {

    private final transient RateLimitService.Verdict verdict;

    public RateLimitExceededException(RateLimitService.Verdict verdict) {
        super(verdict.detail());
        this.verdict = verdict;
    }

    public RateLimitService.Verdict verdict() {
        return verdict;
    }
}
