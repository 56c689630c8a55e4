package io.redkit.session;

import io.redkit.web.ProxyHeaders;
import jakarta.servlet.ServletContext;

/**
 * What every request's {@link SessionContext} shares: settings, store, codec, the application's listeners, and the
 * proxy trust boundary (whether the original request was HTTPS, for the cookie's {@code Secure}).
 */
record SessionSupport(
        SessionSettings settings,
        SessionStore store,
        SessionCodec codec,
        SessionListeners listeners,
        ServletContext servletContext,
        ProxyHeaders proxy) {}
