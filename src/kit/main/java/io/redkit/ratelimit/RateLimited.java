package io.redkit.ratelimit;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Counts each call of the method (or of every method of the class) against a configured rule; over the limit the
 * call throws {@link RateLimitExceededException} (429 in REST resources). The rule's key source applies to the
 * current HTTP request; outside a request all calls share one "global" key. A rule used only here needs no paths.
 *
 * <pre>{@code
 * // redkit.ratelimit.rules=checkout
 * // redkit.ratelimit.rule.checkout.limits=5/1m
 * // redkit.ratelimit.rule.checkout.key=principal
 * @RateLimited(rule = "checkout")
 * public Order checkout(Cart cart) { ... }
 * }</pre>
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    /**
     * The id of a rule in {@code redkit.ratelimit.rules}.
     *
     * @return the rule id
     */
    @Nonbinding
    String rule();

    /**
     * Permits one call takes; 0 (the default) means the rule's {@code cost} (1 unless configured). At most the
     * smallest count of the rule's limits: a call that could never be admitted fails with {@link
     * IllegalArgumentException}.
     *
     * @return the permits, 0 for the rule's cost
     */
    @Nonbinding
    int cost() default 0;
}
