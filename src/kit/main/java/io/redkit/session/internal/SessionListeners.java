package io.redkit.session.internal;

import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's session listeners, found by {@link SessionListenerDiscovery}, and the events redkit fires to
 * them on the node that handles the request (or, for expiry, the node that runs the cleanup). A listener's
 * exception is logged and does not stop the others. With CDI, the session context's lifecycle events go out too, as
 * the CDI specification has them (payload the {@code HttpSession}): {@code @Initialized(SessionScoped.class)} when a
 * session is created, {@code @BeforeDestroyed(SessionScoped.class)} before its session-scoped beans are destroyed,
 * {@code @Destroyed(SessionScoped.class)} after.
 */
public final class SessionListeners {

    private static final Logger LOG = Logger.getLogger(SessionListeners.class.getName());

    private final List<HttpSessionListener> lifecycle = new CopyOnWriteArrayList<>();
    private final List<HttpSessionAttributeListener> attributes = new CopyOnWriteArrayList<>();
    private final List<HttpSessionIdListener> ids = new CopyOnWriteArrayList<>();

    private volatile Event<HttpSession> initialized;
    private volatile Event<HttpSession> beforeDestroyed;
    private volatile Event<HttpSession> destroyedEvent;

    /** Fires the CDI session-context events through {@code beans} from now on. */
    void events(BeanManager beans) {
        Event<Object> all = beans.getEvent();
        initialized = all.select(HttpSession.class, Initialized.Literal.of(SessionScoped.class));
        beforeDestroyed = all.select(HttpSession.class, BeforeDestroyed.Literal.of(SessionScoped.class));
        destroyedEvent = all.select(HttpSession.class, Destroyed.Literal.of(SessionScoped.class));
    }

    void add(Object listener) {
        if (listener instanceof HttpSessionListener l) {
            lifecycle.add(l);
        }
        if (listener instanceof HttpSessionAttributeListener l) {
            attributes.add(l);
        }
        if (listener instanceof HttpSessionIdListener l) {
            ids.add(l);
        }
    }

    int size() {
        return lifecycle.size() + attributes.size() + ids.size();
    }

    void created(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        lifecycle.forEach(l -> safely(() -> l.sessionCreated(event)));
        fire(initialized, session);
    }

    /** Before the session lets go of its attributes: {@code sessionDestroyed}, then {@code @BeforeDestroyed}. */
    void destroyed(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        for (int i = lifecycle.size() - 1; i >= 0; i--) {
            HttpSessionListener l = lifecycle.get(i);
            safely(() -> l.sessionDestroyed(event));
        }
        fire(beforeDestroyed, session);
    }

    /** After the session let go of its attributes (its session-scoped beans destroyed): {@code @Destroyed}. */
    void ended(HttpSession session) {
        fire(destroyedEvent, session);
    }

    private static void fire(Event<HttpSession> event, HttpSession session) {
        if (event != null) {
            safely(() -> event.fire(session));
        }
    }

    void idChanged(HttpSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        ids.forEach(l -> safely(() -> l.sessionIdChanged(event, oldId)));
    }

    void added(HttpSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener bound) {
            safely(() -> bound.valueBound(new HttpSessionBindingEvent(session, name, value)));
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        attributes.forEach(l -> safely(() -> l.attributeAdded(event)));
    }

    void replaced(HttpSession session, String name, Object oldValue, Object newValue) {
        if (oldValue instanceof HttpSessionBindingListener unbound && oldValue != newValue) {
            safely(() -> unbound.valueUnbound(new HttpSessionBindingEvent(session, name, oldValue)));
        }
        if (newValue instanceof HttpSessionBindingListener bound && oldValue != newValue) {
            safely(() -> bound.valueBound(new HttpSessionBindingEvent(session, name, newValue)));
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, oldValue);
        attributes.forEach(l -> safely(() -> l.attributeReplaced(event)));
    }

    void removed(HttpSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener unbound) {
            safely(() -> unbound.valueUnbound(new HttpSessionBindingEvent(session, name, value)));
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        attributes.forEach(l -> safely(() -> l.attributeRemoved(event)));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            io.redkit.redis.RedisOutages.log(LOG, Level.WARNING, "A session listener or observer failed", e);
        }
    }
}
