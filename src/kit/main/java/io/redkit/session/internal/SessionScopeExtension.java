package io.redkit.session.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.KeyHash;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.FilteredSerializationCodec;
import io.redkit.session.SessionSettings;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Puts {@code @SessionScoped} beans in the Redis session: registers {@link RedisSessionScope} (active inside
 * {@link RedisSessionFilter}, where it stands in for the server's own session context) and knows every session-scoped
 * bean of the application under a name that is the same on every node, so that an instance stored by one node is
 * found, and destroyed on expiry, by another. A session-scoped bean of the application whose class {@code
 * redkit.redis.codec.allow} would refuse to read back fails the deployment, naming the key.
 */
public class SessionScopeExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(SessionScopeExtension.class.getName());

    /** Attribute names of session-scoped bean instances start with this. */
    static final String ATTRIBUTE_PREFIX = "redkit.cdi:";

    private final Map<String, Bean<?>> beans = new ConcurrentHashMap<>();
    private final RedisSessionScope scope = new RedisSessionScope(this);
    private volatile BeanManager beanManager;

    void collect(@Observes ProcessBean<?> event) {
        Bean<?> bean = event.getBean();
        if (bean.getScope() == SessionScoped.class
                && !bean.getTypes().contains(jakarta.servlet.http.HttpSession.class)) {
            // the container's built-in HttpSession bean (one per bean archive) is answered with the Redis session;
            // a bean seen again from another archive is the same bean
            beans.putIfAbsent(attributeName(bean), bean);
        }
    }

    void register(@Observes AfterBeanDiscovery event) {
        event.addContext(scope);
    }

    void check(@Observes AfterDeploymentValidation event, BeanManager manager) {
        this.beanManager = manager;
        if (beans.isEmpty()) {
            return;
        }
        ClassLoader loader = getClass().getClassLoader();
        if (ConfigReader.microProfileConfigMissing(loader).isPresent()) {
            return; // RedkitConfigExtension has stopped the deployment, saying why
        }
        ConfigReader config = ConfigReader.application(getClass());
        SessionSettings sessions;
        RedisSettings redis;
        try {
            sessions = SessionSettings.from(config);
            redis = RedisSettings.from(config);
        } catch (RuntimeException e) {
            return; // reported by RedkitConfigExtension
        }
        if (!sessions.enabled() || !sessions.sessionScopedBeans()) {
            return;
        }
        FilteredSerializationCodec codec = new FilteredSerializationCodec(loader, redis.codecFilter());
        List<Class<?>> classes = new ArrayList<>();
        classes.add(SessionBean.class);
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        for (Bean<?> bean : beans.values()) {
            // the application's own beans; the server's (e.g. Soteria's OpenIdContext) are for its operators to allow
            ClassLoader owner = bean.getBeanClass().getClassLoader();
            if (owner != null && (owner == loader || owner == application)) {
                classes.add(bean.getBeanClass());
            }
        }
        for (Class<?> type : classes) {
            if (!codec.allows(type)) {
                RedkitConfigException e = new RedkitConfigException(
                        RedisSettings.CODEC_ALLOW,
                        redis.codecFilter(),
                        "refuses " + type.getName() + ", so its @SessionScoped instances could be stored but never"
                                + " read back; allow its package (e.g. " + RedisSettings.CODEC_ALLOW_ALSO + "="
                                + type.getPackageName() + ".**) or set "
                                + SessionSettings.SESSION_SCOPED_BEANS + "=false to keep them in the server's session");
                LOG.severe("redkit deployment stopped: " + e.getMessage());
                event.addDeploymentProblem(e);
                return;
            }
        }
    }

    RedisSessionScope scope() {
        return scope;
    }

    BeanManager beanManager() {
        return beanManager;
    }

    /** The application's session-scoped bean stored under {@code attribute}, if it has one. */
    Optional<Bean<?>> bean(String attribute) {
        return Optional.ofNullable(beans.get(attribute));
    }

    /** Whether {@code bean} (or the container's serializable stand-in for it) is one of the application's. */
    boolean knows(Bean<?> bean) {
        return beans.containsKey(attributeName(bean));
    }

    /**
     * The session attribute of a bean's instance: its class and a hash of its types, qualifiers and name, which are
     * the same on every node of one application version (unlike container bean ids, which may hold paths).
     */
    static String attributeName(Bean<?> bean) {
        List<String> parts = new ArrayList<>();
        for (Type type : bean.getTypes()) {
            parts.add("t:" + type.getTypeName());
        }
        for (Annotation qualifier : bean.getQualifiers()) {
            parts.add("q:" + describe(qualifier));
        }
        parts.add("n:" + bean.getName());
        parts.sort(null);
        return ATTRIBUTE_PREFIX + bean.getBeanClass().getName() + "#"
                + KeyHash.of(String.join("\n", parts)).substring(0, 12);
    }

    private static String describe(Annotation annotation) {
        StringBuilder text = new StringBuilder(annotation.annotationType().getName());
        Method[] members = annotation.annotationType().getDeclaredMethods();
        Arrays.sort(members, (a, b) -> a.getName().compareTo(b.getName()));
        for (Method member : members) {
            try {
                member.setAccessible(true);
                Object value = member.invoke(annotation);
                text.append(';').append(member.getName()).append('=');
                text.append(value instanceof Object[] array ? Arrays.deepToString(array) : valueText(value));
            } catch (ReflectiveOperationException | RuntimeException e) {
                text.append(';').append(member.getName());
            }
        }
        return text.toString();
    }

    private static String valueText(Object value) {
        if (value == null || !value.getClass().isArray()) {
            return String.valueOf(value);
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
            text.append(i == 0 ? "" : ",").append(java.lang.reflect.Array.get(value, i));
        }
        return text.append(']').toString();
    }
}
