package io.redkit.jobs.internal;

import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.JobSettings;
import jakarta.annotation.Priority;
import jakarta.ejb.NoMoreTimeoutsException;
import jakarta.ejb.NoSuchObjectLocalException;
import jakarta.ejb.Timer;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Applies {@link ClusterSingleton} to EJB timeouts ({@code @AroundTimeout}) and CDI business methods ({@code
 * @AroundInvoke}). Early priority, so the lock wraps the application's own interceptors (transactions included).
 * A skipped call returns {@code null}: annotate {@code void} methods.
 */
@ClusterSingleton
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class ClusterSingletonInterceptor {

    @Inject
    JobsExtension jobs;

    @Inject
    JobSettings settings;

    @Inject
    SingletonRunner runner;

    @AroundInvoke
    Object aroundInvoke(InvocationContext context) throws Exception {
        return guard(context, 0);
    }

    @AroundTimeout
    Object aroundTimeout(InvocationContext context) throws Exception {
        return guard(context, tick(context.getTimer()));
    }

    private Object guard(InvocationContext context, long tick) throws Exception {
        if (!settings.enabled()) {
            jobs.skippedWhileDisabled(context.getMethod());
            return null;
        }
        JobLockConfig config = jobs.config(context.getMethod(), settings);
        return runner.run(config, tick, context::proceed).value();
    }

    /**
     * The identity of the tick being run: every node schedules the same calendar expression, so during the callback
     * of one scheduled time all nodes see the same next timeout, however late their timers fire (a firing so late that
     * its next timeout moved on collides with the tick another node already ran for it, and is refused too). A timer with no
     * next timeout (single action, last expiration) has only this one tick: no tick key, the lock alone guards it.
     */
    static long tick(Object timer) {
        if (timer instanceof Timer t) {
            try {
                // only calendar schedules are aligned to the wall clock on every node; an interval timer's phase
                // depends on when each node created it, so its ticks have no identity across nodes
                return t.isCalendarTimer() ? t.getNextTimeout().getTime() : 0;
            } catch (NoMoreTimeoutsException | NoSuchObjectLocalException | IllegalStateException e) {
                return 0;
            }
        }
        return 0;
    }
}
