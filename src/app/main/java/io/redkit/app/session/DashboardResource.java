package io.redkit.app.session;

import io.redkit.app.catalog.CatalogSummary;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /api/session/dashboard}: who is logged in and the catalog's product count per category
 * ({@code @CacheResult}), a read-mostly page. With a rate-limit rule on its path and a near copy of
 * {@code catalog-summary}, one request goes through the limit, a session read from Redis and a near hit: the session
 * benchmark's end-to-end request. {@link NativeDashboardResource} is the same class on Payara's own session.
 */
@Path("session/dashboard")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    @Context
    HttpServletRequest request;

    @Inject
    CatalogSummary catalog;

    @GET
    public Map<String, Object> dashboard() {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute("user") == null) {
            throw new WebApplicationException("Not logged in", 401);
        }
        return Map.of("user", session.getAttribute("user"), "categories", catalog.countsByCategory());
    }
}
