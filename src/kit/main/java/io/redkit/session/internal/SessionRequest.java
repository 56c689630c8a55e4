package io.redkit.session.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/** The request as the application sees it: every session call goes to Redis-backed sessions. */
final class SessionRequest extends HttpServletRequestWrapper {

    private final SessionContext context;

    SessionRequest(HttpServletRequest request, SessionContext context) {
        super(request);
        this.context = context;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return context.session(create);
    }

    @Override
    public HttpSession getSession() {
        return context.session(true);
    }

    @Override
    public String changeSessionId() {
        return context.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return context.requestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return context.isRequestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return context.requestedSessionId() != null && !context.isRequestedSessionIdFromHeader();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }
}
