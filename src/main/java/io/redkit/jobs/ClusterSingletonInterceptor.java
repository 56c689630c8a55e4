package io.redkit.jobs;

import jakarta.annotation.Priority;
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
        return guard(context);
    }

    @AroundTimeout
    Object aroundTimeout(InvocationContext context) throws Exception {
        return guard(context);
    }

    private Object guard(InvocationContext context) throws Exception {
        JobLockConfig config = jobs.config(context.getMethod(), settings);
        return runner.run(config, context::proceed).value();
    }
}
