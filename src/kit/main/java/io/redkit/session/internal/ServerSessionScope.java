package io.redkit.session.internal;

import io.redkit.session.SessionSettings;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Suspends the server's own session context for one request, so that {@link RedisSessionScope} can be the active
 * one (CDI allows one active context per scope). CDI has no portable call for this; Weld — the CDI of Payara,
 * GlassFish, WildFly and Open Liberty — has {@code ManagedContext.deactivate()/activate()} on its HTTP session
 * context, reached here by reflection so the kit needs no Weld API at compile time or on the application's class
 * path. Where neither is found, redkit says so once and the server's context stays in charge.
 */
final class ServerSessionScope {

    private static final Logger LOG = Logger.getLogger(ServerSessionScope.class.getName());
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    /** The activate/deactivate pair of a context class; empty when it has none. */
    private record Switch(Method deactivate, Method activate) {}

    private static final Map<Class<?>, Optional<Switch>> SWITCHES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Optional<Method>> DELEGATES = new ConcurrentHashMap<>();

    private ServerSessionScope() {}

    /**
     * Deactivates the calling thread's active session context (the server's) and returns what re-activates it; a
     * no-op resume when no session context is active; {@code null} when the active one cannot be suspended.
     */
    static Runnable suspend(BeanManager manager, RedisSessionScope ours) {
        Context active;
        try {
            active = manager.getContext(SessionScoped.class);
        } catch (ContextNotActiveException e) {
            return () -> {};
        } catch (RuntimeException e) {
            report("looking it up failed: " + e);
            return null;
        }
        Object target = unwrap(active);
        if (target == ours) {
            return () -> {};
        }
        Optional<Switch> found = SWITCHES.computeIfAbsent(target.getClass(), ServerSessionScope::switchOf);
        if (found.isEmpty()) {
            report(target.getClass().getName() + " has no public activate()/deactivate()");
            return null;
        }
        Switch toggle = found.get();
        try {
            toggle.deactivate().invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            report("deactivate() failed: " + e);
            return null;
        }
        return () -> {
            try {
                toggle.activate().invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "redkit sessions: re-activating the server's session context failed",
                        e.getCause() == null ? e : e.getCause());
            }
        };
    }

    /** The context behind the container's wrappers (Weld wraps passivating contexts; its wrappers have delegate()). */
    private static Object unwrap(Context context) {
        Object current = context;
        for (int depth = 0; depth < 4; depth++) {
            Optional<Method> delegate = DELEGATES.computeIfAbsent(current.getClass(), ServerSessionScope::delegateOf);
            if (delegate.isEmpty()) {
                return current;
            }
            try {
                Object inner = delegate.get().invoke(current);
                if (!(inner instanceof Context) || inner == current) {
                    return current;
                }
                current = inner;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return current;
            }
        }
        return current;
    }

    private static Optional<Method> delegateOf(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod("delegate");
                if (Context.class.isAssignableFrom(method.getReturnType())) {
                    method.setAccessible(true);
                    return Optional.of(method);
                }
            } catch (NoSuchMethodException e) {
                // look further up
            } catch (RuntimeException e) {
                return Optional.empty(); // not accessible
            }
        }
        return Optional.empty();
    }

    private static Optional<Switch> switchOf(Class<?> type) {
        try {
            Method deactivate = type.getMethod("deactivate");
            Method activate = type.getMethod("activate");
            if (deactivate.getParameterCount() != 0 || activate.getParameterCount() != 0) {
                return Optional.empty();
            }
            trySetAccessible(deactivate);
            trySetAccessible(activate);
            return Optional.of(new Switch(deactivate, activate));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static void trySetAccessible(Method method) {
        try {
            method.setAccessible(true);
        } catch (RuntimeException e) {
            // public method of a public class: invoke works without
        }
    }

    private static void report(String why) {
        if (REPORTED.compareAndSet(false, true)) {
            LOG.warning("redkit sessions: the server's CDI session context cannot be suspended (" + why
                    + "); @SessionScoped beans stay in the server's own session, not in Redis ("
                    + SessionSettings.SESSION_SCOPED_BEANS + ")");
        }
    }
}
