package io.redkit.session.internal;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.context.spi.AlterableContext;
import jakarta.enterprise.context.spi.Contextual;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.PassivationCapable;
import jakarta.servlet.http.HttpSession;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code @SessionScoped} context while {@link RedisSessionFilter} handles a request: each bean instance is one
 * attribute of the Redis session ({@link SessionBean}), loaded with the session (so a request that uses no
 * session-scoped bean and no session costs nothing more), and stored by the session's commit when its serialized
 * form changed, whether or not anyone called {@code setAttribute}. The server's own session context is suspended for
 * the request ({@link ServerSessionScope}); outside redkit's requests it is the server's context that answers.
 *
 * <p>The server's built-in {@code HttpSession} bean is answered with the Redis session, so {@code @Inject HttpSession}
 * sees the same session as {@code request.getSession()}. Session-scoped beans the application did not declare
 * (another library's built-in beans) live for the request only.
 */
final class RedisSessionScope implements AlterableContext {

    private static final ThreadLocal<SessionContext> CURRENT = new ThreadLocal<>();

    private final SessionScopeExtension beans;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    RedisSessionScope(SessionScopeExtension beans) {
        this.beans = beans;
    }

    /** How a contextual is kept, decided once per bean. */
    private record Resolved(Kind kind, String attribute) {}

    private enum Kind {
        STORED,
        HTTP_SESSION,
        REQUEST_ONLY
    }

    /**
     * Makes this context the active session context of the calling thread for one request; the returned handle ends
     * that. Does nothing (and leaves the server's context active) when it is already active on this thread or when
     * the server's context cannot be suspended.
     */
    AutoCloseable enter(SessionContext request) {
        if (CURRENT.get() != null || beans.beanManager() == null) {
            return () -> {};
        }
        Runnable resume = ServerSessionScope.suspend(beans.beanManager(), this);
        if (resume == null) {
            return () -> {};
        }
        CURRENT.set(request);
        return () -> {
            CURRENT.remove();
            request.endRequestOnlyBeans();
            resume.run();
        };
    }

    @Override
    public Class<? extends Annotation> getScope() {
        return SessionScoped.class;
    }

    @Override
    public boolean isActive() {
        return CURRENT.get() != null;
    }

    @Override
    public <T> T get(Contextual<T> contextual, CreationalContext<T> creationalContext) {
        return instance(contextual, creationalContext);
    }

    @Override
    public <T> T get(Contextual<T> contextual) {
        return instance(contextual, null);
    }

    @Override
    public void destroy(Contextual<?> contextual) {
        SessionContext request = current();
        Resolved how = resolve(contextual);
        if (how.kind() == Kind.STORED) {
            RedisHttpSession session = request.session(false);
            if (session != null) {
                session.removeAttribute(how.attribute()); // SessionBean.valueUnbound destroys the instance
            }
        } else if (how.kind() == Kind.REQUEST_ONLY) {
            request.destroyRequestOnlyBean(how.attribute());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T instance(Contextual<T> contextual, CreationalContext<T> creationalContext) {
        SessionContext request = current();
        Resolved how = resolve(contextual);
        switch (how.kind()) {
            case HTTP_SESSION:
                return (T) request.session(creationalContext != null);
            case REQUEST_ONLY:
                return request.requestOnlyBean(how.attribute(), contextual, creationalContext);
            default:
                break;
        }
        RedisHttpSession session = request.session(creationalContext != null);
        if (session == null) {
            return null;
        }
        synchronized (session) {
            if (session.getAttribute(how.attribute()) instanceof SessionBean held) {
                session.watch(how.attribute());
                return (T) held.instance();
            }
            if (creationalContext == null) {
                return null;
            }
            T instance = contextual.create(creationalContext);
            session.setAttribute(how.attribute(), new SessionBean(how.attribute(), instance));
            session.watch(how.attribute());
            return instance;
        }
    }

    private static SessionContext current() {
        SessionContext request = CURRENT.get();
        if (request == null) {
            throw new ContextNotActiveException("redkit's session context is not active on this thread");
        }
        return request;
    }

    private Resolved resolve(Contextual<?> contextual) {
        String id = contextual instanceof PassivationCapable capable ? capable.getId() : null;
        if (id == null) {
            return new Resolved(Kind.REQUEST_ONLY, "identity:" + System.identityHashCode(contextual));
        }
        return resolved.computeIfAbsent(id, key -> {
            if (contextual instanceof Bean<?> bean) {
                if (beans.knows(bean)) {
                    return new Resolved(Kind.STORED, SessionScopeExtension.attributeName(bean));
                }
                if (bean.getTypes().contains(HttpSession.class)) {
                    return new Resolved(Kind.HTTP_SESSION, null);
                }
            }
            return new Resolved(Kind.REQUEST_ONLY, key);
        });
    }
}
