package io.redkit.app.ops;

import io.redkit.web.ProxyHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic for the operator login (realm {@value OpsAuthentication#REALM}), with failed logins throttled per client
 * ({@link OpsLoginThrottle}). Credentials are checked against every identity store of the application (the
 * {@link IdentityStoreHandler}); valid ones log the caller in for this request. A protected page (the dashboard,
 * {@code web.xml}) without valid credentials gets the Basic challenge (401); elsewhere the request goes on
 * anonymously and the JAX-RS check of {@code @RolesAllowed} answers ({@link io.redkit.app.web.RolesAllowedFeature}).
 * A client over its failure budget is not checked at all: 429 with {@code Retry-After} on a protected page, and the
 * request attribute {@value #THROTTLED} (seconds left) for the JAX-RS check to answer the same. Wrong credentials count
 * as a failure only where the login is needed: on a protected page here, on a JAX-RS resource by the check (request
 * attribute {@value #FAILED_LOGIN}); a stray {@code Authorization} header on a public endpoint counts nothing.
 */
@ApplicationScoped
public class OpsAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Request attribute: seconds until this client's logins are checked again. */
    public static final String THROTTLED = "io.redkit.app.ops.login-throttled";

    /** Request attribute: a {@link FailedLogin} the JAX-RS check counts when the resource needs the login. */
    public static final String FAILED_LOGIN = "io.redkit.app.ops.login-failed";

    private static final String CHALLENGE = "Basic realm=\"" + OpsAuthentication.REALM + "\", charset=\"UTF-8\"";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    OpsLoginThrottle throttle;

    @Inject
    ProxyHeaders proxyHeaders;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header != null) {
            String client = proxyHeaders.clientIp(request);
            OpsLoginThrottle.Counted counted = throttle.counted(client);
            if (counted.blocked().isPresent()) {
                return throttled(request, response, context, counted.blocked().get());
            }
            CredentialValidationResult result =
                    basic(header).map(identityStores::validate).orElse(CredentialValidationResult.INVALID_RESULT);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                throttle.succeeded(client, counted);
                return context.notifyContainerAboutLogin(result);
            }
            if (context.isProtected()) {
                Optional<Duration> now = throttle.failed(client);
                if (now.isPresent()) {
                    return throttled(request, response, context, now.get());
                }
            } else {
                // counted only if what the request asks for needs the login (the JAX-RS check calls it)
                FailedLogin failed = () -> throttle.failed(client).map(OpsAuthenticationMechanism::seconds);
                request.setAttribute(FAILED_LOGIN, failed);
            }
        }
        if (context.isProtected()) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            return context.responseUnauthorized();
        }
        return context.doNothing();
    }

    /** A failed login not counted yet; {@link #count()} counts it and says how long the client is now refused. */
    @FunctionalInterface
    public interface FailedLogin {
        /** Counts the failure: the seconds this client's logins are refused now, or empty. */
        Optional<Long> count();
    }

    private static long seconds(Duration left) {
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }

    private static AuthenticationStatus throttled(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context, Duration left) {
        long seconds = seconds(left);
        request.setAttribute(THROTTLED, seconds);
        if (!context.isProtected()) {
            return context.doNothing();
        }
        response.setHeader("Retry-After", Long.toString(seconds));
        try {
            response.sendError(429);
        } catch (IOException e) {
            // the client left; nothing to answer
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** {@code Basic <base64(user:password)>} as a credential; anything else (another scheme, bad Base64): empty. */
    static Optional<UsernamePasswordCredential> basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
