package io.redkit.app.session;

import io.redkit.app.web.MalformedBodyException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/session}: plain {@code HttpSession} code — login (with a new session id: session-fixation
 * protection), who am I, arbitrary JSON attributes, logout. redkit keeps the session in Redis, so any node answers.
 */
@Path("session")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    static final String NAME = "[A-Za-z0-9._-]{1,64}";
    static final String NAME_MESSAGE = "must be 1 to 64 of A-Za-z0-9._-";

    @Context
    HttpServletRequest request;

    @Inject
    PageVisits visits;

    @Inject
    Event<LoggedIn> loggedIn;

    @Inject
    io.redkit.session.PrincipalSessions sessions;

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> login(@Valid @NotNull Login login) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute("user", login.user());
        session.setAttribute("role", login.role() == null ? "user" : login.role());
        session.setAttribute("loginAt", Instant.now().toString());
        if (Boolean.TRUE.equals(login.rememberMe())) {
            request.setAttribute(io.redkit.session.SessionSettings.REMEMBER_ME, true); // a persistent cookie
        }
        loggedIn.fire(new LoggedIn(login.user(), session));
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
            throw new WebApplicationException("Not logged in: POST /api/session/login first", 401);
        }
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", session.getAttribute("user"));
        me.put("role", session.getAttribute("role"));
        me.put("createdAt", Instant.ofEpochMilli(session.getCreationTime()).toString());
        me.put(
                "lastAccessedAt",
                Instant.ofEpochMilli(session.getLastAccessedTime()).toString());
        me.put("maxInactiveSeconds", session.getMaxInactiveInterval());
        me.put("attributeCount", Collections.list(session.getAttributeNames()).size());
        return me;
    }

    /**
     * The logged-in user's sessions on every node (redkit's {@code PrincipalSessions}): handle, login, created, last
     * access, node, attribute count and which one is this request's; never a session id.
     */
    @GET
    @Path("mine")
    public List<Map<String, Object>> mine() {
        me(); // 401 unless logged in
        return sessions.list(request).stream()
                .map(info -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("handle", info.handle());
                    entry.put("loggedInAt", info.loggedIn().toString());
                    entry.put("createdAt", info.created().toString());
                    entry.put("lastAccessedAt", info.lastAccess().toString());
                    entry.put("node", info.node());
                    entry.put("attributeCount", info.attributes());
                    entry.put("current", info.current());
                    return entry;
                })
                .toList();
    }

    /** "Log out everywhere else": ends every other session of the logged-in user, on every node. */
    @DELETE
    @Path("others")
    public Map<String, Object> endOthers() {
        me(); // 401 unless logged in
        return Map.of("ended", sessions.invalidateOthers(request));
    }

    @PUT
    @Path("attributes/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name, String body) {
        JsonValue value = parse(body);
        HttpSession session = request.getSession(true);
        boolean existed = session.getAttribute(name) != null;
        session.setAttribute(name, value.toString());
        return Response.status(existed ? 200 : 201).entity(value.toString()).build();
    }

    @GET
    @Path("attributes/{name}")
    public String get(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        HttpSession session = request.getSession(false);
        Object value = session == null ? null : session.getAttribute(name);
        if (value == null) {
            throw new NotFoundException("No session attribute '" + name + "'");
        }
        return value instanceof String s
                ? s
                : Json.createValue(value.toString()).toString();
    }

    /**
     * Appends the body to a list attribute <em>in place</em> (no {@code setAttribute} once the list exists): the
     * pattern {@code redkit.session.save-mode=on-get-attribute} is for; the list is re-encoded when the session is
     * committed, and refused there (413) when it outgrew {@code redkit.session.max-bytes}.
     */
    @POST
    @Path("attributes/{name}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @SuppressWarnings("unchecked")
    public Response append(
            @PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name, String body) {
        JsonValue value = parse(body);
        HttpSession session = request.getSession(true);
        Object current = session.getAttribute(name);
        if (current == null) {
            session.setAttribute(name, new java.util.ArrayList<>(List.of(value.toString())));
            return Response.status(201).entity("1").build();
        }
        if (!(current instanceof List<?>)) {
            throw new ClientErrorException("Session attribute '" + name + "' is not a list", 409);
        }
        List<String> items = (List<String>) current;
        items.add(value.toString());
        return Response.ok(Integer.toString(items.size())).build();
    }

    @DELETE
    @Path("attributes/{name}")
    public void delete(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(name) == null) {
            throw new NotFoundException("No session attribute '" + name + "'");
        }
        session.removeAttribute(name);
    }

    @POST
    @Path("logout")
    public void logout() {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /** Session events counted on this node by {@link SessionAudit}. */
    @GET
    @Path("events")
    public Map<String, Long> events() {
        return SessionAudit.counts();
    }

    private static JsonValue parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("A JSON value is required as the request body");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readValue();
        } catch (RuntimeException e) {
            // a JsonException, or Parsson's nesting limit (a plain RuntimeException)
            throw MalformedBodyException.of(e);
        }
    }
}
