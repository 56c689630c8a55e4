package io.redkit.ratelimit.internal;

import io.redkit.ratelimit.RateLimitExceededException;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimitRules;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.ratelimit.RateLimited;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;

/** Enforces {@link RateLimited}: counts the call, throws {@link RateLimitExceededException} when over the limit. */
@RateLimited(rule = "")
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 200)
public class RateLimitedInterceptor {

    @Inject
    RateLimitService service;

    @Inject
    Instance<HttpServletRequest> request;

    @AroundInvoke
    Object limit(InvocationContext context) throws Exception {
        RateLimited annotation = context.getMethod().getAnnotation(RateLimited.class);
        if (annotation == null) {
            annotation = context.getMethod().getDeclaringClass().getAnnotation(RateLimited.class);
        }
        RateLimitRule rule = service.rule(annotation.rule());
        if (rule == null) {
            throw new IllegalStateException("@RateLimited(rule = \"" + annotation.rule() + "\") on "
                    + context.getMethod() + " names no rule in " + RateLimitRules.RULES);
        }
        RateLimitService.Verdict verdict =
                service.check(rule, currentRequest(), annotation.cost() > 0 ? annotation.cost() : rule.cost());
        if (verdict.refused()) {
            throw new RateLimitExceededException(verdict);
        }
        return context.proceed();
    }

    private HttpServletRequest currentRequest() {
        try {
            HttpServletRequest current = request.get();
            current.getMethod();
            return current;
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null;
        }
    }
}
