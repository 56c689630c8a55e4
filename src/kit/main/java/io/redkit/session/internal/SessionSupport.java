package io.redkit.session.internal;

import io.redkit.session.SessionSettings;
import io.redkit.web.ProxyHeaders;
import jakarta.servlet.ServletContext;

/**
 * What every request's {@link SessionContext} shares: settings, store, codec, the application's listeners, and the
 * proxy trust boundary (whether the original request was HTTPS, for the cookie's {@code Secure}), and the
 * application's {@code @SessionScoped} beans ({@code null} when they stay in the server's session), and the budget of
 * new sessions per client ({@code null} without {@code redkit.session.creation-limit}).
 */
public record SessionSupport(
        SessionSettings settings,
        SessionStore store,
        SessionCodec codec,
        SessionListeners listeners,
        ServletContext servletContext,
        ProxyHeaders proxy,
        SessionScopeExtension beans,
        PrincipalIndex principals,
        String node,
        SessionCreationBudget creations) {}
