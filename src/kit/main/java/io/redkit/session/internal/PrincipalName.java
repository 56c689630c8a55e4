package io.redkit.session.internal;

import io.redkit.session.PrincipalSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/**
 * Whose a session is, by one rule for the commit and for {@link PrincipalSessions}: with {@code
 * redkit.session.principal.attribute} set, that session attribute alone (a {@link Principal}'s name, or the value's
 * text; none when absent); otherwise the request's {@code getUserPrincipal()}, or else what the session was stored
 * with (a later request of a container-authenticated user need not carry its principal).
 */
public final class PrincipalName {

    private PrincipalName() {}

    /** The principal of {@code session} (may be null) in {@code request} (may be null); null when it has none. */
    public static String of(String attribute, HttpSession session, HttpServletRequest request) {
        if (attribute != null) {
            if (session == null) {
                return null;
            }
            // peek: reading it must not mark the attribute read (save-mode on-get-attribute would store it again)
            Object value =
                    session instanceof RedisHttpSession redis ? redis.peek(attribute) : session.getAttribute(attribute);
            return value == null ? null : value instanceof Principal p ? p.getName() : value.toString();
        }
        Principal user = request == null ? null : request.getUserPrincipal();
        if (user != null) {
            return user.getName();
        }
        return session instanceof RedisHttpSession redis ? redis.storedPrincipal() : null;
    }
}
