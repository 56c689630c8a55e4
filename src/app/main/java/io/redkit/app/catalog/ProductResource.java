package io.redkit.app.catalog;

import io.redkit.app.caching.CachingStrategies;
import io.redkit.app.web.NoNul;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.TreeMap;

/**
 * The catalog: JPA entities cached in Redis by Hibernate L2, a cached query, and a tag-invalidated summary. After a
 * change has committed, the caches derived from products are told ({@link CachingStrategies#productChanged}).
 */
@Path("products")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    @Inject
    Catalog catalog;

    @Inject
    CatalogSummary summary;

    @Inject
    CachingStrategies strategies;

    @GET
    public List<ProductData.Output> list(@QueryParam("category") @NoNul String category) {
        return catalog.list(category == null || category.isBlank() ? null : category);
    }

    @GET
    @Path("{id: [0-9]+}")
    public ProductData.Output get(@PathParam("id") long id) {
        return catalog.find(id).orElseThrow(() -> new NotFoundException("Product " + id + " does not exist"));
    }

    @GET
    @Path("sku/{sku}")
    public ProductData.Output bySku(@PathParam("sku") String sku) {
        return catalog.bySku(sku).orElseThrow(() -> new NotFoundException("No product has sku '" + sku + "'"));
    }

    @GET
    @Path("summary")
    public TreeMap<String, Long> summary() {
        return summary.countsByCategory();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull ProductData.Input input, @Context UriInfo uri) {
        ProductData.Output created = catalog.create(input);
        summary.invalidate();
        strategies.productChanged(created.sku(), created.category());
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(created.id()))
                        .build())
                .entity(created)
                .build();
    }

    /** {@code If-Match: <version>} (optional) makes the update conditional on the version the client saw. */
    @PUT
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProductData.Output update(
            @PathParam("id") long id,
            @Valid @NotNull ProductData.Input input,
            @HeaderParam("If-Match") String ifMatch) {
        ProductData.Output updated = catalog.update(id, input, version(ifMatch));
        summary.invalidate();
        strategies.productChanged(updated.sku(), updated.category());
        return updated;
    }

    @DELETE
    @Path("{id: [0-9]+}")
    public Response delete(@PathParam("id") long id) {
        String sku = catalog.delete(id);
        summary.invalidate();
        strategies.productChanged(sku, null);
        return Response.noContent().build();
    }

    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim().replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new jakarta.ws.rs.BadRequestException(
                    "If-Match must be a product version number (as returned in 'version'), not '" + ifMatch + "'");
        }
    }
}
