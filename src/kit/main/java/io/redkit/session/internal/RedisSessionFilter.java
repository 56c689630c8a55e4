package io.redkit.session.internal;

import io.redkit.redis.RedisOutages;
import io.redkit.session.SessionRefusedException;
import io.redkit.session.SessionSettings;
import io.redkit.session.SessionUnavailableException;
import io.redkit.session.TooManyNewSessionsException;
import io.redkit.web.Problems;
import io.redkit.web.WebSettings;
import io.redkit.web.internal.RedisUnavailableExceptionMapper;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * First filter of the chain: wraps request and response so that {@code HttpSession} lives in Redis. The session is
 * loaded only if the application asks for it, and committed before the response is committed and again in
 * {@code finally}. A request that needs the session while Redis is down gets 503 problem+json with
 * {@code Retry-After}; requests that do not touch the session never notice.
 */
public class RedisSessionFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(RedisSessionFilter.class.getName());

    @Inject
    SessionSupportProducer producer;

    @Inject
    WebSettings web;

    @Inject
    SessionCleanup cleanup;

    @Override
    public void init() {
        cleanup.start(getServletContext());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        SessionSupport support = producer.support(request.getServletContext());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!support.settings().enabled() || excluded(support.settings(), path)) {
            chain.doFilter(request, response);
            return;
        }
        SessionContext[] holder = new SessionContext[1];
        SessionResponse wrappedResponse = new SessionResponse(
                response, () -> holder[0].commit(), support.settings().responseBuffer(), request::isAsyncStarted);
        SessionContext context = new SessionContext(request, wrappedResponse, support);
        holder[0] = context;
        SessionRequest wrappedRequest = new SessionRequest(request, context);
        AutoCloseable sessionScope =
                support.beans() == null ? null : support.beans().scope().enter(context);
        try {
            filter(request, response, chain, context, wrappedRequest, wrappedResponse);
        } finally {
            if (sessionScope != null) {
                try {
                    sessionScope.close();
                } catch (Exception e) {
                    throw new ServletException(e);
                }
            }
        }
    }

    private void filter(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            SessionContext context,
            SessionRequest wrappedRequest,
            SessionResponse wrappedResponse)
            throws IOException, ServletException {
        try {
            chain.doFilter(wrappedRequest, wrappedResponse);
        } catch (ServletException | IOException | RuntimeException e) {
            SessionUnavailableException outage = outageIn(e);
            if (outage != null) {
                unavailable(response, wrappedResponse, outage);
                return;
            }
            SessionRefusedException refused = refusedIn(e);
            if (refused != null && wrappedResponse.isHolding() && !response.isCommitted()) {
                refused(
                        response,
                        refused); // e.g. the body was too big to hold and the commit found the session too big
                return;
            }
            commitAfterFailure(context, e);
            throw e;
        }
        try {
            wrappedResponse.release(); // the session is stored before the first byte of the answer leaves
        } catch (SessionUnavailableException e) {
            unavailable(response, wrappedResponse, e);
        } catch (SessionRefusedException e) {
            // an attribute re-encoded at commit outgrew max-bytes, or a login over the principal's cap: nothing stored
            if (wrappedResponse.isHolding() && !response.isCommitted()) {
                refused(response, e);
            } else {
                LOG.severe(e.getMessage() + " after the response was sent; the session changes are lost");
            }
        }
    }

    /** The answer {@code SessionTooLargeMapper} gives to {@code setAttribute}'s refusal: its status, problem+json. */
    private static void refused(HttpServletResponse response, SessionRefusedException e) throws IOException {
        LOG.warning(e.getMessage());
        response.reset();
        response.setStatus(e.status());
        if (e instanceof TooManyNewSessionsException tooMany) {
            response.setHeader("Retry-After", Long.toString(tooMany.retryAfterSeconds()));
        }
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Problems.toJson(Problems.of(e.status(), e.getMessage())));
    }

    private static SessionRefusedException refusedIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SessionRefusedException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The application failed: its session changes are still saved (as in {@code finally}), the failure wins. */
    private static void commitAfterFailure(SessionContext context, Exception failure) {
        try {
            context.commit();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void unavailable(HttpServletResponse response, SessionResponse wrapped, SessionUnavailableException e)
            throws IOException {
        if (!wrapped.isHolding() || response.isCommitted()) {
            // the answer started to flow before these changes were made (a streamed or very large response)
            LOG.severe(e.getMessage() + " after the response was sent; changes made while streaming are lost: "
                    + RedisOutages.describe(e.getCause()));
            return;
        }
        LOG.warning(e.getMessage() + "; answering 503"
                + (e.getCause() == null ? "" : ": " + RedisOutages.describe(e.getCause())));
        response.reset();
        response.setStatus(503);
        response.setHeader("Retry-After", Integer.toString(web.retryAfterSeconds()));
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write(Problems.toJson(RedisUnavailableExceptionMapper.problem(e, web.retryAfterSeconds())));
    }

    private static SessionUnavailableException outageIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SessionUnavailableException s) {
                return s;
            }
        }
        return RedisOutages.isOutage(e) ? new SessionUnavailableException("Redis is unavailable", e) : null;
    }

    private static boolean excluded(SessionSettings settings, String path) {
        for (String pattern : settings.excludePaths()) {
            if (pattern.endsWith("/*")
                    ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                            || path.equals(pattern.substring(0, pattern.length() - 2))
                    : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
