package com.example.shop;

import io.redkit.cache.NamedCache;
import io.redkit.session.PrincipalSessions;
import io.redkit.session.SessionSettings;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.hibernate.stat.Statistics;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** The shop's endpoints; each exercises one thing redkit brings. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ShopResource {

    @Inject
    Articles articles;

    @Inject
    Prices prices;

    @Inject
    ReportJob report;

    @Inject
    Checkout checkout;

    @Inject
    Visits visits;

    @Inject
    PrincipalSessions sessions; // redkit's sessions by user

    @Inject
    SessionEvents sessionEvents;

    @Inject
    @NamedCache("prices")
    Cache<Object, Object> priceCache; // the cache the @CacheResult of Prices fills

    @Inject
    RedissonClient redis; // the shop's own client

    @Context
    HttpServletRequest request;

    @POST
    @Path("articles/{title}")
    public Map<String, Object> create(@PathParam("title") String title) {
        return Map.of("id", articles.create(title).getId());
    }

    /** The article and what loading it cost: SQL statements and second-level cache hits. */
    @GET
    @Path("articles/{id}")
    public Map<String, Object> article(@PathParam("id") long id) {
        Statistics stats = articles.statistics();
        long statements = stats.getPrepareStatementCount();
        long hits = stats.getSecondLevelCacheHitCount();
        Article article = articles.find(id);
        if (article == null) {
            throw new NotFoundException();
        }
        return Map.of(
                "title", article.getTitle(),
                "sqlStatements", stats.getPrepareStatementCount() - statements,
                "secondLevelCacheHits", stats.getSecondLevelCacheHitCount() - hits);
    }

    @GET
    @Path("prices/{sku}")
    public Map<String, Object> price(@PathParam("sku") String sku) {
        return Map.of("price", prices.price(sku), "computations", prices.computations());
    }

    /**
     * Empties the "prices" cache through the injected cache itself ({@code @NamedCache}): the next price is computed
     * again. Answers how many entries there were.
     */
    @DELETE
    @Path("prices")
    public Map<String, Object> clearPrices() {
        int entries = 0;
        for (Cache.Entry<Object, Object> ignored : priceCache) {
            entries++;
        }
        priceCache.removeAll();
        return Map.of("removed", entries);
    }

    /** The JCache statistics of the "prices" cache, as any JMX console sees them. */
    @GET
    @Path("prices-statistics")
    public Map<String, Object> priceStatistics() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names =
                server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=prices,*"), null);
        if (names.size() != 1) {
            throw new NotFoundException("statistics MBeans of cache 'prices': " + names);
        }
        ObjectName name = names.iterator().next();
        return Map.of(
                "hits", server.getAttribute(name, "CacheHits"), "misses", server.getAttribute(name, "CacheMisses"));
    }

    @POST
    @Path("cart/{item}")
    @SuppressWarnings("unchecked")
    public Map<String, Object> addToCart(@PathParam("item") String item) {
        HttpSession session = request.getSession();
        List<String> cart = (List<String>) session.getAttribute("cart");
        List<String> updated = cart == null ? new ArrayList<>() : new ArrayList<>(cart);
        updated.add(item);
        session.setAttribute("cart", updated);
        return Map.of("cart", updated); // never the session id: it travels in the cookie only
    }

    @GET
    @Path("cart")
    public Object cart() {
        HttpSession session = request.getSession(false);
        return session == null || session.getAttribute("cart") == null ? List.of() : session.getAttribute("cart");
    }

    /** Counts this visitor's calls in a {@code @SessionScoped} bean. */
    @POST
    @Path("visits")
    public Map<String, Object> visit() {
        return Map.of("visits", visits.next());
    }

    /**
     * How many {@code Visits} instances this node has destroyed, and how many sessions it saw start and end (CDI's
     * {@code @Initialized} and {@code @Destroyed(SessionScoped.class)} events).
     */
    @GET
    @Path("visits/ended")
    public Map<String, Object> visitsEnded() {
        return Map.of(
                "ended",
                Visits.ENDED.get(),
                "sessionsStarted",
                sessionEvents.started(),
                "sessionsEnded",
                sessionEvents.ended());
    }

    /**
     * Logs {@code user} in (the shop keeps its login in the session attribute {@code user}, which its configuration
     * names as the principal): a new session id (no fixation), and with {@code remember=true} a persistent cookie.
     */
    @POST
    @Path("login/{user}")
    public Map<String, Object> login(@PathParam("user") String user, @QueryParam("remember") boolean remember) {
        if (!user.matches("[a-z]{1,32}")) {
            throw new BadRequestException(Response.status(400)
                    .type("application/problem+json")
                    .entity(Json.createObjectBuilder()
                            .add("title", "Bad user name")
                            .add("status", 400)
                            .add("detail", "user must be 1 to 32 letters a-z")
                            .build()
                            .toString())
                    .build());
        }
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession().setAttribute("user", user);
        if (remember) {
            request.setAttribute(SessionSettings.REMEMBER_ME, true);
        }
        return Map.of("user", user);
    }

    /** The logged-in user's sessions on every node (never their ids), this one marked. */
    @GET
    @Path("sessions")
    public List<Map<String, Object>> sessions() {
        return sessions.list(request).stream()
                .map(s -> Map.<String, Object>of("handle", s.handle(), "node", s.node(), "current", s.current()))
                .toList();
    }

    /** "Log out everywhere": ends every session of the logged-in user, this one included, on every node. */
    @DELETE
    @Path("sessions")
    public Map<String, Object> logoutEverywhere() {
        return Map.of(
                "ended",
                sessions.principalOf(request).map(sessions::invalidateAll).orElse(0));
    }

    /** Logs the visitor out: the session and its session-scoped beans end. */
    @DELETE
    @Path("session")
    public void endSession() {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    @GET
    @Path("greeting")
    public Map<String, Object> greeting() {
        return Map.of("greeting", "hello");
    }

    @POST
    @Path("checkout")
    public Map<String, Object> checkout() {
        return Map.of("order", checkout.placeOrder());
    }

    @GET
    @Path("report")
    public Map<String, Object> report() {
        return Map.of("runs", report.runs());
    }

    /** Through the shop's own Redis client, on keys of its own naming. */
    @PUT
    @Path("notes/{name}")
    public Map<String, Object> note(@PathParam("name") String name, String text) {
        redis.getBucket("shop-notes:" + name, StringCodec.INSTANCE).set(text);
        return Map.of(
                "stored",
                redis.getBucket("shop-notes:" + name, StringCodec.INSTANCE).get());
    }
}
