package io.redkit.app.ops;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How operators log in: HTTP Basic (realm {@value #REALM}, {@link OpsAuthenticationMechanism}, failed logins throttled
 * per client by {@link OpsLoginThrottle}) against the application's identity stores ({@link OpsIdentityStore}). A request without credentials stays anonymous; it is challenged only where the role
 * {@value OpsSettings#ROLE} is required: the dashboard page (web.xml) and the JAX-RS resources or methods annotated
 * {@code @RolesAllowed("ops")} ({@link io.redkit.app.web.RolesAllowedFeature}). Basic sends the password with every
 * request: serve the app over TLS (directly or behind a TLS proxy) wherever operators log in.
 */
@ApplicationScoped
@DeclareRoles(OpsSettings.ROLE)
public class OpsAuthentication {

    public static final String REALM = "redkit-ops";
}
