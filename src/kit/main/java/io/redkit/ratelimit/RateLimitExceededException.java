package io.redkit.ratelimit;

/** Thrown by {@link RateLimited} methods over their limit; mapped to 429 with the {@code RateLimit-*} headers. */
public class RateLimitExceededException extends RuntimeException {

    private final transient RateLimitService.Verdict verdict;

    /**
     * A refusal.
     *
     * @param verdict the refusing verdict; its detail is the message
     */
    public RateLimitExceededException(RateLimitService.Verdict verdict) {
        super(verdict.detail());
        this.verdict = verdict;
    }

    /**
     * The refusing verdict: rule, client, tier and the decision with its retry time.
     *
     * @return the verdict
     */
    public RateLimitService.Verdict verdict() {
        return verdict;
    }
}
