package io.redkit.session;

import java.time.Instant;

/**
 * One session of a principal, as {@link PrincipalSessions} lists it: never the session id. {@code handle} names the
 * session to {@link PrincipalSessions#invalidate(String, String)} (it is derived from the session's Redis key — a hash
 * of the id's secret — and cannot be turned into an id); {@code node} is the node that stored the login
 * ({@code redkit.jobs.node-name}); {@code current} marks the session of the request that asked.
 */
public record SessionInfo(
        String handle,
        Instant loggedIn,
        Instant created,
        Instant lastAccess,
        String node,
        int attributes,
        boolean current) {}
