package io.redkit.app.caching;

import io.redkit.app.catalog.Catalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.Map;

/** {@code /api/caching}: the caching strategies on the catalog (see {@link CachingStrategies}). */
@Path("caching")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CachingResource {

    static final String NAME = "[A-Za-z0-9._-]{1,64}";
    static final String CACHE_HEADER = "X-Cache";

    /** Body of {@code PUT /api/caching/prices/{sku}}. */
    public static class PriceChange {
        @NotNull
        @Min(0)
        @Max(100_000_000)
        public Long priceCents;
    }

    /** Body of {@code PUT /api/caching/ratings/{productId}/{user}}. */
    public static class Rating {
        @NotNull
        @Min(1)
        @Max(5)
        public Integer stars;
    }

    @Inject
    CachingStrategies strategies;

    @Inject
    RatingsFlusher flusher;

    @Inject
    RatingRepository ratingRepository;

    @Inject
    Catalog catalog;

    /** What each strategy did on this node, and the write-behind backlog. */
    @GET
    public Map<String, Object> overview() {
        Map<String, Object> counts = strategies.counts();
        long[] flushes = flusher.counts();
        counts.put("writeBehindBatches", flushes[0]);
        counts.put("writeBehindRows", flushes[1]);
        counts.put("writeBehindFailures", flushes[2]);
        counts.put("writeBehindPending", flusher.ratings().pending());
        return counts;
    }

    // read-through / write-through

    @GET
    @Path("prices/{sku: " + NAME + "}")
    public JsonObject price(@PathParam("sku") String sku) {
        long price = strategies.price(sku).orElseThrow(() -> new NotFoundException("No product has sku '" + sku + "'"));
        return Json.createObjectBuilder()
                .add("sku", sku)
                .add("priceCents", price)
                .build();
    }

    @PUT
    @Path("prices/{sku: " + NAME + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject setPrice(@PathParam("sku") String sku, @Valid @NotNull PriceChange change) {
        strategies.setPrice(sku, change.priceCents);
        return Json.createObjectBuilder()
                .add("sku", sku)
                .add("priceCents", change.priceCents)
                .build();
    }

    // tag-based invalidation

    @GET
    @Path("pages/{category: " + NAME + "}")
    public Response page(@PathParam("category") String category) {
        String[] page = strategies.page(category);
        return Response.ok(page[0]).header(CACHE_HEADER, page[1]).build();
    }

    @POST
    @Path("tags/{tag: [a-z]+:" + NAME + "}/invalidate")
    public JsonObject invalidate(@PathParam("tag") String tag) {
        return Json.createObjectBuilder()
                .add("tag", tag)
                .add("invalidated", strategies.invalidate(tag))
                .build();
    }

    // refresh-ahead

    @GET
    @Path("price-stats/{category: " + NAME + "}")
    public Response priceStats(@PathParam("category") String category) {
        RefreshAheadCache.Read read = strategies.priceStats(category);
        String cache = read.loaded() ? "MISS" : "HIT";
        JsonObject body = Json.createObjectBuilder()
                .add("cache", cache)
                .add("ttlRemainingMs", read.ttlRemainingMillis())
                .add("refreshStarted", read.refreshStarted())
                .add("value", parse(read.value()))
                .build();
        return Response.ok(body)
                .header(CACHE_HEADER, read.loaded() ? "MISS" : "HIT")
                .build();
    }

    // write-behind

    @PUT
    @Path("ratings/{productId: [0-9]{1,18}}/{user: " + NAME + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject rate(
            @PathParam("productId") long productId, @PathParam("user") String user, @Valid @NotNull Rating rating) {
        if (catalog.find(productId).isEmpty()) {
            throw new NotFoundException("Product " + productId + " does not exist");
        }
        return aggregate(flusher.ratings().rate(productId, user, rating.stars)).build();
    }

    @GET
    @Path("ratings/{productId: [0-9]{1,18}}")
    public JsonObject ratings(@PathParam("productId") long productId) {
        WriteBehindRatings.Current current = flusher.ratings().current(productId);
        if (current.aggregate().count() == 0 && catalog.find(productId).isEmpty()) {
            throw new NotFoundException("Product " + productId + " does not exist");
        }
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("productId", productId)
                .add("cached", aggregate(current.aggregate()))
                .add("pendingFlush", current.pending());
        ratingRepository
                .find(productId)
                .ifPresentOrElse(
                        row -> body.add(
                                "stored",
                                Json.createObjectBuilder()
                                        .add("count", row.getRatingCount())
                                        .add(
                                                "average",
                                                row.getRatingCount() == 0
                                                        ? 0
                                                        : (double) row.getRatingSum() / row.getRatingCount())
                                        .add("version", row.getSourceVersion())
                                        .add("storedAt", row.getStoredAt().toString())),
                        () -> body.addNull("stored"));
        return body.build();
    }

    private static JsonObjectBuilder aggregate(WriteBehindRatings.Aggregate aggregate) {
        return Json.createObjectBuilder()
                .add("count", aggregate.count())
                .add("average", aggregate.average())
                .add("version", aggregate.version());
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
