package io.redkit.app.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The same login/me as {@link SessionResource} on Payara's own in-memory sessions (this path is in {@code
 * redkit.session.exclude-paths}): the baseline of the session benchmark. Not replicated: a node's death loses them.
 */
@Path("session-native")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NativeSessionResource {

    @Context
    HttpServletRequest request;

    @Inject
    PageVisits visits;

    @POST
    @Path("login")
    public Map<String, Object> login() {
        HttpSession session = request.getSession(true);
        session.setAttribute("user", "bench");
        session.setAttribute("role", "user");
        return me();
    }

    /** One more visit in this session's {@code @SessionScoped} {@link PageVisits}. */
    @GET
    @Path("visits")
    public Map<String, Object> visit() {
        return Map.of("visits", visits.next());
    }

    @GET
    @Path("me")
    public Map<String, Object> me() {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute("user") == null) {
            throw new WebApplicationException("Not logged in", 401);
        }
        return Map.of("user", session.getAttribute("user"), "role", session.getAttribute("role"));
    }
}
