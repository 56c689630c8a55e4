package io.redkit.app.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Path;

/**
 * {@link DashboardResource} under {@code /api/session-native} (in {@code redkit.session.exclude-paths}): on Payara's
 * in-memory session, the baseline of the end-to-end benchmark.
 */
@Path("session-native/dashboard")
@RequestScoped
public class NativeDashboardResource extends DashboardResource {}
