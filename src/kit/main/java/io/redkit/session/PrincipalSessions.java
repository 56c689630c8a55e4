package io.redkit.session;

import io.redkit.session.internal.PrincipalIndex;
import io.redkit.session.internal.PrincipalName;
import io.redkit.session.internal.SessionCleanup;
import io.redkit.session.internal.SessionSupport;
import io.redkit.session.internal.SessionSupportProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.redisson.client.RedisException;

/**
 * The sessions of a principal, across every node: list them, end one, all, or all but the caller's ("log out
 * everywhere else", an administrator's kill). A session belongs to a principal once a request of it is committed with
 * the principal set — the session attribute {@code redkit.session.principal.attribute} names, or else {@code
 * request.getUserPrincipal()} — and leaves when it is invalidated or expires. {@code
 * redkit.session.principal.max-sessions} caps how many one principal may have.
 *
 * <pre>{@code
 * @Inject PrincipalSessions sessions;
 *
 * List<SessionInfo> mine = sessions.list(request);   // the caller's principal's sessions, current one marked
 * int ended = sessions.invalidateOthers(request);    // every other session of that principal
 * }</pre>
 *
 * Ending a session deletes it from Redis at once (every node's next request of it has no session) and fires its
 * destroy events ({@code HttpSessionListener}, binding listeners, {@code @PreDestroy} of its session-scoped beans) on
 * the calling node. Thread-safe. Each call is a few Redis round trips; a Redis outage throws {@link
 * SessionUnavailableException} (503 in JAX-RS).
 */
@ApplicationScoped
public class PrincipalSessions {

    @Inject
    SessionSupportProducer producer;

    /**
     * The principal's sessions, oldest login first; none when it has none.
     *
     * @param principal the principal name
     * @return its sessions
     */
    public List<SessionInfo> list(String principal) {
        return list(principal, null);
    }

    /**
     * The sessions of the principal of {@code request}'s session (see the class comment), its own marked {@code
     * current}; none when the request's session has no principal.
     *
     * @param request the current request
     * @return the sessions
     */
    public List<SessionInfo> list(HttpServletRequest request) {
        Optional<String> principal = principalOf(request);
        return principal.isEmpty() ? List.of() : list(principal.get(), currentKey(request));
    }

    /**
     * Ends the principal's session named by {@code handle} (from {@link #list}); false when there is none.
     *
     * @param principal the principal name
     * @param handle a {@link SessionInfo#handle()}
     * @return true when a session ended
     */
    public boolean invalidate(String principal, String handle) {
        SessionSupport support = producer.started();
        for (PrincipalIndex.Entry entry : entries(support, principal)) {
            if (handle(entry.sessionKey()).equals(handle)) {
                return end(support, entry.sessionKey());
            }
        }
        return false;
    }

    /**
     * Ends every session of the principal ("log out everywhere"); returns how many ended.
     *
     * @param principal the principal name
     * @return the number of sessions ended
     */
    public int invalidateAll(String principal) {
        return invalidateAllBut(principal, null);
    }

    /**
     * Ends every session of the request's principal except the request's own; returns how many ended (0 when the
     * request's session has no principal).
     *
     * @param request the current request
     * @return the number of sessions ended
     */
    public int invalidateOthers(HttpServletRequest request) {
        Optional<String> principal = principalOf(request);
        return principal.isEmpty() ? 0 : invalidateAllBut(principal.get(), currentKey(request));
    }

    /**
     * The principal the request's session belongs to, as stored or about to be (this request's login).
     *
     * @param request the current request
     * @return the principal, or empty
     */
    public Optional<String> principalOf(HttpServletRequest request) {
        return Optional.ofNullable(PrincipalName.of(
                producer.started().settings().principalAttribute(), request.getSession(false), request));
    }

    private List<SessionInfo> list(String principal, String currentKey) {
        SessionSupport support = producer.started();
        List<SessionInfo> sessions = new ArrayList<>();
        for (PrincipalIndex.Entry entry : entries(support, principal)) {
            sessions.add(new SessionInfo(
                    handle(entry.sessionKey()),
                    Instant.ofEpochMilli(entry.loginAtMicros() / 1000),
                    Instant.ofEpochMilli(entry.created()),
                    Instant.ofEpochMilli(entry.lastAccess()),
                    entry.node(),
                    entry.attributes(),
                    entry.sessionKey().equals(currentKey)));
        }
        return sessions;
    }

    private int invalidateAllBut(String principal, String keep) {
        SessionSupport support = producer.started();
        int ended = 0;
        for (PrincipalIndex.Entry entry : entries(support, principal)) {
            if (!entry.sessionKey().equals(keep) && end(support, entry.sessionKey())) {
                ended++;
            }
        }
        return ended;
    }

    private static List<PrincipalIndex.Entry> entries(SessionSupport support, String principal) {
        try {
            return support.principals().entries(principal);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private static boolean end(SessionSupport support, String key) {
        try {
            return SessionCleanup.end(support, key);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private String currentKey(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : producer.started().store().key(session.getId());
    }

    /** What names a session here: the hash part of its key (the id's secret hashed), never anything of the id. */
    static String handle(String sessionKey) {
        return sessionKey.substring(sessionKey.lastIndexOf(':') + 1);
    }

    private static RuntimeException unavailable(RedisException e) {
        if (!io.redkit.redis.RedisOutages.isOutage(e)) {
            return e;
        }
        return new SessionUnavailableException("Could not reach the sessions of a user: Redis is unavailable", e);
    }
}
