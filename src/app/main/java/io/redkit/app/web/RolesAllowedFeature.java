package io.redkit.app.web;

import io.redkit.app.ops.OpsAuthentication;
import io.redkit.app.ops.OpsAuthenticationMechanism;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;

/**
 * {@code @RolesAllowed} on JAX-RS resources, portably (JAX-RS itself does not enforce it, and servers differ in
 * whether they do): a request to an annotated method (or a method of an annotated class) without a caller in one of
 * the roles is refused before the method runs: no caller → 401 with a Basic challenge for realm
 * {@value OpsAuthentication#REALM}, a caller without the role → 403, both problem+json through
 * {@link WebApplicationExceptionMapper}. The caller is whoever Jakarta Security authenticated
 * ({@link io.redkit.app.ops.OpsAuthentication}). Wrong credentials sent to such a method count as a failed login
 * ({@link OpsAuthenticationMechanism#FAILED_LOGIN}); a client over its failure budget gets 429 with {@code
 * Retry-After} instead of 401.
 */
@Provider
@ApplicationScoped
public class RolesAllowedFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed != null) {
            context.register(new Check(List.of(allowed.value())));
        }
    }

    /** The check for one resource method. */
    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {

        private final List<String> roles;

        Check(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                Object throttled = request.getProperty(OpsAuthenticationMechanism.THROTTLED);
                if (throttled == null
                        && request.getProperty(OpsAuthenticationMechanism.FAILED_LOGIN)
                                instanceof OpsAuthenticationMechanism.FailedLogin failed) {
                    throttled = failed.count().orElse(null);
                }
                if (throttled != null) {
                    throw tooManyFailures(throttled.toString());
                }
                throw new NotAuthorizedException(
                        "This operator endpoint needs a login (HTTP Basic, realm " + OpsAuthentication.REALM + ")",
                        "Basic realm=\"" + OpsAuthentication.REALM + "\", charset=\"UTF-8\"");
            }
            for (String role : roles) {
                if (security.isUserInRole(role)) {
                    return;
                }
            }
            throw new ForbiddenException("This endpoint needs the role " + String.join(" or ", roles));
        }

        private static WebApplicationException tooManyFailures(String seconds) {
            return new WebApplicationException(
                    "Too many failed operator logins from this client; logins are checked again in " + seconds + " s",
                    Response.status(429)
                            .header(HttpHeaders.RETRY_AFTER, seconds)
                            .build());
        }
    }
}
