package io.redkit.session.internal;

import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import io.redkit.session.SessionSettings;
import io.redkit.web.ProxyHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import org.redisson.api.RedissonClient;

/** Builds the shared session machinery once per application. */
@ApplicationScoped
public class SessionSupportProducer {

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    SessionSettings settings;

    @Inject
    ProxyHeaders proxyHeaders;

    @Inject
    jakarta.enterprise.inject.spi.BeanManager beanManager;

    @Inject
    io.redkit.jobs.JobSettings jobSettings;

    private volatile SessionSupport support;

    SessionSupport support(ServletContext servletContext) {
        SessionSupport current = support;
        if (current == null) {
            synchronized (this) {
                if (support == null) {
                    SessionListeners listeners = SessionListenerDiscovery.of(servletContext);
                    listeners.events(beanManager);
                    support = new SessionSupport(
                            settings,
                            store(),
                            new SessionCodec(redisson.getConfig().getCodec()),
                            listeners,
                            servletContext,
                            proxyHeaders,
                            sessionScopedBeans(),
                            new PrincipalIndex(redisson, keys),
                            jobSettings.nodeName(),
                            settings.creationLimits().isEmpty()
                                    ? null
                                    : new SessionCreationBudget(redisson, keys, settings.creationLimits()));
                }
                current = support;
            }
        }
        return current;
    }

    /** The kit's session-scope extension when {@code @SessionScoped} beans go to Redis, else {@code null}. */
    private SessionScopeExtension sessionScopedBeans() {
        if (!settings.sessionScopedBeans()) {
            return null;
        }
        try {
            return beanManager.getExtension(SessionScopeExtension.class);
        } catch (IllegalArgumentException e) {
            return null; // not registered (the kit's services file left out by a repackaging)
        }
    }

    /** The session machinery once a request or the filter's start built it; fails before that. */
    public SessionSupport started() {
        SessionSupport current = support;
        if (current == null) {
            throw new IllegalStateException("redkit sessions have not started: " + SessionSettings.ENABLED
                    + "=true and the application's first request (or start) are needed first");
        }
        return current;
    }

    SessionStore store() {
        return new SessionStore(
                redisson, keys, settings.grace().toMillis(), settings.waitReplicas(), settings.waitTimeout());
    }
}
