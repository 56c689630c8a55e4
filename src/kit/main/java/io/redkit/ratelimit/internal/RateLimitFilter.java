package io.redkit.ratelimit.internal;

import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.web.Problems;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Counts each request against the rules whose paths and methods match it (one Redis round trip per rule), adds the
 * {@code RateLimit-*} headers, and answers 429 problem+json with {@code Retry-After} once a limit is reached.
 * Requests no rule matches pass untouched, without touching Redis. Rules see the normalized path the container maps
 * ({@link RequestPath}), never the raw URI, so encoded or decorated variants of a path are counted too. Registered by {@code RedkitServletInitializer},
 * after the session filter (session-keyed rules need the session).
 */
public class RateLimitFilter extends HttpFilter {

    @Inject
    RateLimitService service;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = RequestPath.of(request);
        List<RateLimitRule> rules = service.rulesFor(path, request.getMethod());
        if (rules.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        RateLimitService.Verdict verdict = service.check(rules, request);
        RateLimitHeaders.apply(verdict, response::setHeader, service.rateLimitHeaders());
        if (verdict.refused()) {
            response.setStatus(RateLimitHeaders.status(verdict));
            response.setContentType(Problems.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(RateLimitHeaders.body(verdict));
            return;
        }
        chain.doFilter(request, response);
    }
}
