package io.redkit.session;

import jakarta.servlet.ServletContext;

/** What every request's {@link SessionContext} shares: settings, store, codec and the application's listeners. */
record SessionSupport(
        SessionSettings settings,
        SessionStore store,
        SessionCodec codec,
        SessionListeners listeners,
        ServletContext servletContext) {}
