package io.redkit.session.internal;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.internal.UnreadableValueException;
import io.redkit.session.SessionSettings;
import io.redkit.session.SessionUnavailableException;
import jakarta.enterprise.context.spi.Contextual;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.client.RedisException;

/**
 * The session state of one request: which session the cookie names, the session once loaded (at most one Redis
 * round trip, and only if the application asks for the session), and the commit that writes its changes back —
 * when the response is committed and again in the filter's {@code finally}.
 */
final class SessionContext {

    private static final Logger LOG = Logger.getLogger(SessionContext.class.getName());

    private static final io.redkit.redis.internal.WarningThrottle PLAIN_HTTP_WARNING =
            new io.redkit.redis.internal.WarningThrottle();

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final SessionSupport support;

    private List<String> requestedIds;
    private boolean requestedFromHeader;
    private String requestedIdFound;
    private boolean loaded;
    private RedisHttpSession session;
    private Map<String, RequestOnlyBean<?>> requestOnlyBeans;

    /** A session-scoped instance of a bean the application did not declare: kept for this request only. */
    private record RequestOnlyBean<T>(Contextual<T> contextual, T instance, CreationalContext<T> creationalContext) {
        void destroy() {
            contextual.destroy(instance, creationalContext);
        }
    }

    SessionContext(HttpServletRequest request, HttpServletResponse response, SessionSupport support) {
        this.request = request;
        this.response = response;
        this.support = support;
    }

    SessionSettings settings() {
        return support.settings();
    }

    SessionCodec codec() {
        return support.codec();
    }

    SessionListeners listeners() {
        return support.listeners();
    }

    ServletContext servletContext() {
        return support.servletContext();
    }

    /** The current session, loading it on first use; creates one when {@code create} and there is none. */
    RedisHttpSession session(boolean create) {
        if (session != null && !session.isInvalid()) {
            return session;
        }
        if (!loaded) {
            loaded = true;
            session = loadRequested();
        }
        if ((session == null || session.isInvalid()) && create) {
            session = createSession();
        }
        return session == null || session.isInvalid() ? null : session;
    }

    @SuppressWarnings("unchecked")
    <T> T requestOnlyBean(String id, Contextual<T> contextual, CreationalContext<T> creationalContext) {
        RequestOnlyBean<?> held = requestOnlyBeans == null ? null : requestOnlyBeans.get(id);
        if (held != null || creationalContext == null) {
            return held == null ? null : (T) held.instance();
        }
        if (requestOnlyBeans == null) {
            requestOnlyBeans = new HashMap<>();
        }
        T instance = contextual.create(creationalContext);
        requestOnlyBeans.put(id, new RequestOnlyBean<>(contextual, instance, creationalContext));
        return instance;
    }

    void destroyRequestOnlyBean(String id) {
        RequestOnlyBean<?> held = requestOnlyBeans == null ? null : requestOnlyBeans.remove(id);
        if (held != null) {
            held.destroy();
        }
    }

    void endRequestOnlyBeans() {
        if (requestOnlyBeans != null) {
            for (RequestOnlyBean<?> held : requestOnlyBeans.values()) {
                try {
                    held.destroy();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Destroying a request-only session-scoped instance failed", e);
                }
            }
            requestOnlyBeans = null;
        }
    }

    SessionSupport support() {
        return support;
    }

    String requestedSessionId() {
        List<String> ids = requestedIds();
        return requestedIdFound != null ? requestedIdFound : ids.isEmpty() ? null : ids.get(0);
    }

    boolean isRequestedSessionIdValid() {
        RedisHttpSession current = session(false);
        return current != null && requestedIdFound != null && requestedIdFound.equals(current.getId());
    }

    String changeSessionId() {
        RedisHttpSession current = session(false);
        if (current == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        String oldId = current.getId();
        String newId = SessionIds.rotate(oldId);
        if (current.isPersisted()) {
            try {
                if (!support.store().rename(oldId, newId)) {
                    current.markUnpersisted(); // gone from Redis meanwhile: written anew under the new id
                }
            } catch (RedisException e) {
                throw unavailable("change the id of", e);
            }
        }
        if (current.isPersisted() && current.storedPrincipal() != null) {
            try {
                support.principals()
                        .move(
                                current.storedPrincipal(),
                                support.store().key(oldId),
                                support.store().key(newId));
            } catch (RedisException e) {
                throw unavailable("change the id of", e);
            }
        }
        current.changeId(newId);
        addCookie(newId, current.remembered() ? rememberMaxAge(current) : -1);
        listeners().idChanged(current, oldId);
        return newId;
    }

    void invalidated(RedisHttpSession invalidated) {
        try {
            support.store().delete(invalidated.getId());
            if (invalidated.storedPrincipal() != null && invalidated.isPersisted()) {
                support.principals()
                        .remove(invalidated.storedPrincipal(), support.store().key(invalidated.getId()));
            }
        } catch (RedisException e) {
            throw unavailable("invalidate", e);
        }
        if (!response.isCommitted()) {
            addCookie("", 0);
        }
    }

    /** Writes the session's pending changes; idempotent, so it can run at response commit and in finally. */
    void commit() {
        if (session == null || session.isInvalid()) {
            return;
        }
        SessionSettings.SaveMode mode = settings().saveMode();
        String principal = principal();
        boolean principalChanged = !java.util.Objects.equals(principal, session.storedPrincipal());
        boolean remember = !session.remembered()
                && request != null
                && Boolean.TRUE.equals(request.getAttribute(SessionSettings.REMEMBER_ME));
        if (!principalChanged && !remember && !session.hasPendingChanges(mode)) {
            return;
        }
        Map<String, byte[]> writes = session.pendingWrites(mode);
        if (!principalChanged && !remember && writes.isEmpty() && !session.mustSaveWithoutWrites()) {
            session.clearChanges(); // only values read or watched, none changed
            return;
        }
        session.checkSize(writes); // before anything is stored
        if (support.creations() != null && request != null && session.isNew() && !session.isPersisted()) {
            try {
                support.creations().take(support.proxy().clientIp(request)); // 429 when the client made too many
            } catch (RedisException e) {
                throw unavailable("save", e);
            }
        }
        SessionSettings s = settings();
        boolean refuseWhenFull = s.maxSessionsPerPrincipal() > 0 && s.whenFull() == SessionSettings.WhenFull.REFUSE_NEW;
        String key = support.store().key(session.getId());
        try {
            if (principalChanged && principal != null && refuseWhenFull) {
                // a place among the principal's sessions first: refused (409), nothing of the login is stored
                support.principals().add(principal, key, s.maxSessionsPerPrincipal(), s.whenFull());
            }
            Map<String, String> metadata = new java.util.HashMap<>();
            if (remember) {
                metadata.put(SessionStore.REMEMBER_FIELD, "1");
            }
            if (principalChanged) {
                metadata.put(SessionStore.PRINCIPAL_FIELD, principal);
                metadata.put(SessionStore.NODE_FIELD, principal == null ? null : support.node());
            }
            boolean saved = support.store()
                    .save(
                            session.getId(),
                            !session.isPersisted(),
                            session.getCreationTime(),
                            session.getMaxInactiveInterval(),
                            writes,
                            List.copyOf(session.pendingRemovals()),
                            metadata);
            if (!saved) {
                LOG.fine(() -> "Session " + shortId(session.getId()) + " was deleted meanwhile; changes dropped");
            }
            session.stored(writes);
            session.markPersisted();
            session.clearChanges();
            if (remember && saved) {
                session.remembered(true);
                if (!response.isCommitted()) {
                    addCookie(session.getId(), rememberMaxAge(session)); // now a persistent cookie
                }
            }
            if (principalChanged) {
                indexed(key, principal, saved, refuseWhenFull);
            }
        } catch (RedisException e) {
            throw unavailable("save", e);
        }
    }

    /** After a commit that changed the session's principal: the principals' index follows (one more round trip). */
    private void indexed(String key, String principal, boolean saved, boolean reserved) {
        String before = session.storedPrincipal();
        session.storedPrincipal(principal);
        if (before != null) {
            support.principals().remove(before, key);
        }
        if (principal == null) {
            return;
        }
        if (!saved) {
            if (reserved) {
                support.principals().remove(principal, key);
            }
            return;
        }
        if (!reserved) {
            SessionSettings s = settings();
            for (String evicted : support.principals().add(principal, key, s.maxSessionsPerPrincipal(), s.whenFull())) {
                if (!evicted.equals(key) && SessionCleanup.end(support, evicted)) {
                    LOG.fine(() -> "A session of a principal over " + SessionSettings.PRINCIPAL_MAX_SESSIONS
                            + " ended (its oldest login)");
                }
            }
        }
    }

    /**
     * The principal the session belongs to: the configured attribute's value (a {@code Principal}'s name, else its
     * text; removing it un-indexes the session), else the request's authenticated user — which, once indexed, stays
     * the session's principal on requests without one (public pages) until the session ends.
     */
    private String principal() {
        return PrincipalName.of(settings().principalAttribute(), session, request);
    }

    private RedisHttpSession loadRequested() {
        for (String id : requestedIds()) {
            SessionStore.Stored stored;
            try {
                stored = support.store().load(id);
            } catch (RedisException e) {
                throw unavailable("load", e);
            }
            if (stored == null) {
                continue;
            }
            RedisHttpSession found = new RedisHttpSession(
                    this, id, stored.created(), stored.lastAccess(), stored.maxInactiveSeconds(), false);
            for (Map.Entry<String, byte[]> attribute : stored.attributes().entrySet()) {
                try {
                    found.restore(attribute.getKey(), codec().decode(attribute.getValue()), attribute.getValue());
                } catch (UnreadableValueException e) {
                    if (e.firstThisMinute()) {
                        LOG.log(
                                Level.WARNING,
                                "Session " + shortId(id) + ": attribute '" + attribute.getKey() + "' cannot be read ("
                                        + e.kind() + ": " + e.getMessage()
                                        + "); the session is discarded and the request gets a new one;"
                                        + " at most one such line per kind a minute");
                    }
                    discard(id);
                    return null;
                }
            }
            found.storedPrincipal(stored.principal());
            found.remembered(stored.remembered());
            if (stored.remembered()
                    && settings().cookieEnabled()
                    && stored.now() - stored.lastAccess() > 60_000
                    && !response.isCommitted()) {
                // the persistent cookie follows the sliding session: sent again at most about once a minute
                setCookie(id, rememberMaxAge(found));
            }
            requestedIdFound = id;
            return found;
        }
        return null;
    }

    private void discard(String id) {
        try {
            support.store().delete(id);
        } catch (RedisException e) {
            LOG.fine(() -> "Could not delete unreadable session: " + RedisOutages.describe(e));
        }
    }

    private RedisHttpSession createSession() {
        if (response.isCommitted()) {
            throw new IllegalStateException("Cannot create a session after the response has been committed");
        }
        String id = SessionIds.newId();
        RedisHttpSession created = new RedisHttpSession(
                this,
                id,
                System.currentTimeMillis(),
                System.currentTimeMillis(),
                (int) Math.min(Integer.MAX_VALUE, settings().maxInactive().toSeconds()),
                true);
        addCookie(id, -1);
        listeners().created(created);
        return created;
    }

    private List<String> requestedIds() {
        if (requestedIds == null) {
            requestedIds = new ArrayList<>(1);
            int max = settings().maxTried();
            String header = settings().headerName();
            if (header != null) {
                // the header first: a client that sends one means it (API and mobile clients)
                java.util.Enumeration<String> values = request.getHeaders(header);
                while (values != null && values.hasMoreElements() && requestedIds.size() < max) {
                    String value = values.nextElement().trim();
                    if (SessionIds.isWellFormed(value) && !requestedIds.contains(value)) {
                        requestedIds.add(value);
                        requestedFromHeader = true;
                    }
                }
            }
            Cookie[] cookies = settings().cookieEnabled() ? request.getCookies() : null;
            if (cookies != null) {
                // only ids of the right shape, each once, and at most max-tried of them: each costs a Redis lookup
                for (int i = 0; i < cookies.length && requestedIds.size() < max; i++) {
                    Cookie cookie = cookies[i];
                    if (settings().cookieName().equals(cookie.getName())
                            && SessionIds.isWellFormed(cookie.getValue())
                            && !requestedIds.contains(cookie.getValue())) {
                        requestedIds.add(cookie.getValue());
                    }
                }
            }
        }
        return requestedIds;
    }

    /** A remember-me cookie's Max-Age: the setting, never beyond the session's own inactivity limit. */
    private int rememberMaxAge(RedisHttpSession remembered) {
        long cap = settings().rememberMeMaxAge().toSeconds();
        int timeout = remembered.getMaxInactiveInterval();
        return (int) (timeout < 0 ? cap : Math.min(cap, timeout));
    }

    /** Whether the id the request's session was found by came in the header (else in the cookie). */
    boolean isRequestedSessionIdFromHeader() {
        requestedIds();
        String found = requestedIdFound;
        return requestedFromHeader
                && found != null
                && request.getHeader(settings().headerName()) != null
                && request.getHeader(settings().headerName()).trim().equals(found);
    }

    /**
     * Tells the client its session id (new or rotated) or, with an empty value, that it has none any more: in the
     * cookie and/or the header, as configured.
     */
    private void addCookie(String value, int maxAge) {
        if (settings().headerName() != null) {
            response.setHeader(settings().headerName(), value);
        }
        if (settings().cookieEnabled()) {
            setCookie(value, maxAge);
        }
    }

    private void setCookie(String value, int maxAge) {
        SessionSettings s = settings();
        StringBuilder header = new StringBuilder(s.cookieName()).append('=').append(value);
        String path = s.cookiePath() != null
                ? s.cookiePath()
                : request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        header.append("; Path=").append(path);
        if (s.cookieDomain() != null) {
            header.append("; Domain=").append(s.cookieDomain());
        }
        if (maxAge >= 0) {
            header.append("; Max-Age=").append(maxAge);
        }
        boolean secure =
                s.cookieSecure() != null ? s.cookieSecure() : support.proxy().isHttps(request);
        if (s.hostPrefix() && !support.proxy().isHttps(request) && PLAIN_HTTP_WARNING.tryWarn()) {
            LOG.warning("redkit session: a " + SessionSettings.HOST_PREFIX + " cookie ("
                    + SessionSettings.COOKIE_HOST_PREFIX
                    + "=true) sent with Secure on a plain-http request: browsers drop it, so sessions do not last over"
                    + " http; serve https (or have the trusted proxy say so); at most one such line a minute");
        }
        if (secure) {
            header.append("; Secure");
        }
        header.append("; HttpOnly; SameSite=").append(s.sameSite());
        // one session cookie per response, the last word (a new session then made persistent, a rotation, an
        // invalidation then a new session): an earlier one of this response is replaced, every other cookie kept
        String prefix = s.cookieName() + "=";
        java.util.Collection<String> sent = response.getHeaders("Set-Cookie");
        if (sent.stream().anyMatch(c -> c.startsWith(prefix))) {
            List<String> others =
                    sent.stream().filter(c -> !c.startsWith(prefix)).toList();
            response.setHeader("Set-Cookie", header.toString());
            others.forEach(c -> response.addHeader("Set-Cookie", c));
        } else {
            response.addHeader("Set-Cookie", header.toString());
        }
    }

    private SessionUnavailableException unavailable(String action, RedisException e) {
        if (!RedisOutages.isOutage(e)) {
            throw e;
        }
        return new SessionUnavailableException("Could not " + action + " the session: Redis is unavailable", e);
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) + "..." : id;
    }
}
