package io.redkit.cache.internal;

import io.redkit.redis.internal.FilteredSerializationCodec;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;

/**
 * Which Redis side each application's cache managers use: redkit's CDI integration binds the application's client,
 * key prefix and codec to its class loader when the application starts and unbinds them when it stops; {@link
 * io.redkit.cache.RedkitCachingProvider} looks them up for every manager it makes. Weak by class loader, so an
 * undeployed application's loader can go.
 */
public final class ProviderBindings {

    /** What an application binds: its Redis client, key prefix and codec. */
    public record Binding(RedissonClient redisson, String keyPrefix, FilteredSerializationCodec codec) {}

    private static final Map<ClassLoader, Supplier<Binding>> BOUND = new WeakHashMap<>();

    private ProviderBindings() {}

    /** Binds the Redis side for every manager of {@code classLoader} (the application's, from CDI). */
    public static void bind(ClassLoader classLoader, Supplier<Binding> backend) {
        synchronized (BOUND) {
            BOUND.put(classLoader, backend);
        }
    }

    /** Removes the binding of {@code classLoader} (the application stops). */
    public static void unbind(ClassLoader classLoader) {
        synchronized (BOUND) {
            BOUND.remove(classLoader);
        }
    }

    /**
     * The binding of {@code classLoader} or its nearest bound parent (a manager made with a child loader of the
     * application's, e.g. Hibernate's, still belongs to it), else of the thread's context loader or its parents, else
     * the only binding there is (e.g. Hibernate's own aggregated class loader, in a server running one redkit
     * application); null if none fits.
     */
    public static Supplier<Binding> find(ClassLoader classLoader) {
        synchronized (BOUND) {
            Supplier<Binding> bound = nearest(classLoader);
            if (bound == null) {
                bound = nearest(Thread.currentThread().getContextClassLoader());
            }
            if (bound == null && BOUND.size() == 1) {
                bound = BOUND.values().iterator().next();
            }
            return bound;
        }
    }

    private static Supplier<Binding> nearest(ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            Supplier<Binding> found = BOUND.get(l);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
