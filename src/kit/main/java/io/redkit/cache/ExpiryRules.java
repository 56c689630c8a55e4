package io.redkit.cache;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns an {@link ExpiryPolicy} into the TTL codes of {@link CacheStore}. The five standard policies answer the same
 * for every entry, so they are asked once; any other policy is asked on every operation, exactly as the specification
 * says (once per creation, update or access).
 */
final class ExpiryRules {

    private static final Logger LOG = Logger.getLogger(ExpiryRules.class.getName());

    private final ExpiryPolicy policy;
    private final boolean constant;
    private final long creation;
    private final long update;
    private final long access;

    ExpiryRules(ExpiryPolicy policy) {
        this.policy = policy;
        Class<?> type = policy.getClass();
        this.constant = type == CreatedExpiryPolicy.class
                || type == AccessedExpiryPolicy.class
                || type == ModifiedExpiryPolicy.class
                || type == TouchedExpiryPolicy.class
                || type == EternalExpiryPolicy.class;
        this.creation = constant ? ask(policy::getExpiryForCreation, CacheStore.ETERNAL) : 0;
        this.update = constant ? ask(policy::getExpiryForUpdate, CacheStore.KEEP) : 0;
        this.access = constant ? ask(policy::getExpiryForAccess, CacheStore.KEEP) : 0;
    }

    ExpiryPolicy policy() {
        return policy;
    }

    /**
     * True when creation and update TTLs are known without asking the policy (a standard policy): a write can pass
     * both to Redis and let the script pick, without reading the entry first or calling the policy.
     */
    boolean writeTtlsKnownUpFront() {
        return constant;
    }

    /** True when the access TTL is known without asking the policy, so a read can apply it in the same script. */
    boolean accessKnownUpFront() {
        return constant;
    }

    long creation() {
        return constant ? creation : ask(policy::getExpiryForCreation, CacheStore.ETERNAL);
    }

    long update() {
        return constant ? update : ask(policy::getExpiryForUpdate, CacheStore.KEEP);
    }

    long access() {
        return constant ? access : ask(policy::getExpiryForAccess, CacheStore.KEEP);
    }

    /** A policy that throws or answers null leaves the expiry as it is (for creation: never expires). */
    private static long ask(Supplier<Duration> question, long fallback) {
        Duration duration;
        try {
            duration = question.get();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "redkit cache: expiry policy failed; keeping the current expiry", e);
            return fallback;
        }
        if (duration == null) {
            return fallback;
        }
        if (duration.isEternal()) {
            return CacheStore.ETERNAL;
        }
        if (duration.isZero()) {
            return 0;
        }
        return Math.max(1, duration.getTimeUnit().toMillis(duration.getDurationAmount()));
    }
}
