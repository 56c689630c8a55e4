package io.redkit.session;

import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
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

    private volatile SessionSupport support;

    SessionSupport support(ServletContext servletContext) {
        SessionSupport current = support;
        if (current == null) {
            synchronized (this) {
                if (support == null) {
                    support = new SessionSupport(
                            settings,
                            store(),
                            new SessionCodec(redisson.getConfig().getCodec()),
                            SessionListenerDiscovery.of(servletContext),
                            servletContext,
                            proxyHeaders);
                }
                current = support;
            }
        }
        return current;
    }

    SessionStore store() {
        return new SessionStore(
                redisson, keys, settings.grace().toMillis(), settings.waitReplicas(), settings.waitTimeout());
    }
}
