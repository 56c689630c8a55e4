package io.redkit.session.internal;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Finds the application's {@code @WebListener} session listeners at start-up and makes container-managed instances
 * of them ({@link ServletContext#createListener}, so they get injection) for {@link SessionListeners}: the
 * container's own session events never fire, because redkit, not the container, owns the sessions.
 */
@HandlesTypes({HttpSessionListener.class, HttpSessionAttributeListener.class, HttpSessionIdListener.class})
public class SessionListenerDiscovery implements ServletContainerInitializer {

    static final String ATTRIBUTE = SessionListeners.class.getName();
    private static final Logger LOG = Logger.getLogger(SessionListenerDiscovery.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        SessionListeners listeners = new SessionListeners();
        if (classes != null) {
            for (Class<?> type : classes) {
                if (type.isInterface()
                        || Modifier.isAbstract(type.getModifiers())
                        || !type.isAnnotationPresent(WebListener.class)
                        || type.getName().startsWith("io.redkit.session.")) {
                    continue;
                }
                try {
                    @SuppressWarnings("unchecked")
                    Class<? extends java.util.EventListener> listenerType =
                            (Class<? extends java.util.EventListener>) type;
                    listeners.add(context.createListener(listenerType));
                } catch (Exception e) {
                    LOG.warning("Session listener " + type.getName() + " could not be created: " + e);
                }
            }
        }
        context.setAttribute(ATTRIBUTE, listeners);
        LOG.info("redkit sessions: " + listeners.size() + " session listener registration(s) found");
    }

    static SessionListeners of(ServletContext context) {
        Object listeners = context.getAttribute(ATTRIBUTE);
        return listeners instanceof SessionListeners l ? l : new SessionListeners();
    }
}
