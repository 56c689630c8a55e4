package io.redkit.app.session;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An ordinary {@code @WebListener}: redkit fires the standard session events to it (created, destroyed, id changed,
 * attribute added/replaced/removed). It counts them on this node, for {@code GET /api/session/events}.
 */
@WebListener
public class SessionAudit implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    static Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        COUNTS.forEach((event, count) -> snapshot.put(event, count.get()));
        return snapshot;
    }

    private static void count(String event) {
        COUNTS.computeIfAbsent(event, e -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        count("created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        count("destroyed");
        if (event.getSession().getAttribute("user") != null) {
            count("destroyedLoggedIn");
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        count("idChanged");
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        count("attributeAdded");
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        count("attributeRemoved");
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        count("attributeReplaced");
    }
}
