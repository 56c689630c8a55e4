package io.redkit.session.internal;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;
import java.util.Optional;

/**
 * One {@code @SessionScoped} bean instance as a session attribute. Unbinding it — the session invalidated or expired,
 * or the instance destroyed through the context — destroys the instance ({@code @PreDestroy}), on whichever node
 * that happens. Dependent objects the instance holds are serialized with it; their own {@code @PreDestroy} methods
 * are not called.
 */
final class SessionBean implements Serializable, HttpSessionBindingListener {

    private static final long serialVersionUID = 1L;

    private final String attribute;
    private final Object instance;

    SessionBean(String attribute, Object instance) {
        this.attribute = attribute;
        this.instance = instance;
    }

    Object instance() {
        return instance;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void valueUnbound(HttpSessionBindingEvent event) {
        if (!(event.getSession() instanceof RedisHttpSession session)) {
            return;
        }
        SessionScopeExtension beans = session.support().beans();
        Optional<Bean<?>> bean = beans == null ? Optional.empty() : beans.bean(attribute);
        if (bean.isPresent() && beans.beanManager() != null) {
            Bean raw = bean.get();
            CreationalContext context = beans.beanManager().createCreationalContext(raw);
            raw.destroy(instance, context);
        }
    }
}
