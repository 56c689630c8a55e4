package io.redkit.app.cart;

import io.redkit.app.session.LoggedIn;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RedissonClient;

/**
 * {@code /api/cart}: the shopper's cart — the logged-in user's ({@code user:<name>}), or a guest cart whose id lives
 * in the session ({@code guest:<id>}), merged into the user's cart at login.
 */
@Path("cart")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CartResource {

    static final String PRODUCT = "[A-Za-z0-9._-]{1,64}";
    static final String PRODUCT_MESSAGE = "must be 1 to 64 of A-Za-z0-9._-";
    static final String GUEST_CART = "guestCart";

    /** Body of {@code POST /api/cart/items}: a product with the snapshot the shopper saw. */
    public record AddItem(
            @NotNull @Pattern(regexp = PRODUCT, message = PRODUCT_MESSAGE) String productId,
            @NotNull @Min(1) @Max(Carts.MAX_QUANTITY) Integer quantity,
            @NotNull @Size(min = 1, max = 200) String name,
            @NotNull @Min(0) @Max(100_000_000) Long priceCents) {}

    /** Body of {@code PUT /api/cart/items/{productId}}. */
    public record Quantity(@NotNull @Min(1) @Max(Carts.MAX_QUANTITY) Integer quantity) {}

    @Context
    HttpServletRequest request;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    @ConfigProperty(name = "redkit.app.cart.ttl", defaultValue = "P7D")
    Duration ttl;

    private Carts carts;

    @PostConstruct
    void init() {
        carts = new Carts(redisson, keys, ttl);
    }

    @GET
    public Carts.Cart get() {
        String owner = owner(false);
        return owner == null ? new Carts.Cart(null, java.util.List.of(), 0, 0) : carts.get(owner);
    }

    @POST
    @Path("items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Carts.Cart add(@Valid @NotNull AddItem item) {
        String owner = owner(true);
        try {
            carts.add(owner, item.productId(), item.quantity(), item.name(), item.priceCents());
        } catch (Carts.QuantityLimitException e) {
            throw new ClientErrorException(e.getMessage(), 409);
        }
        return carts.get(owner);
    }

    @PUT
    @Path("items/{productId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Carts.Cart update(
            @PathParam("productId") @Pattern(regexp = PRODUCT, message = PRODUCT_MESSAGE) String productId,
            @Valid @NotNull Quantity body) {
        String owner = owner(false);
        if (owner == null || !carts.setQuantity(owner, productId, body.quantity())) {
            throw notInCart(productId);
        }
        return carts.get(owner);
    }

    @DELETE
    @Path("items/{productId}")
    public Carts.Cart remove(
            @PathParam("productId") @Pattern(regexp = PRODUCT, message = PRODUCT_MESSAGE) String productId) {
        String owner = owner(false);
        if (owner == null || !carts.remove(owner, productId)) {
            throw notInCart(productId);
        }
        return carts.get(owner);
    }

    @DELETE
    public void clear() {
        String owner = owner(false);
        if (owner != null) {
            carts.clear(owner);
        }
    }

    /** At login the guest cart of the session joins the user's cart. */
    void mergeAtLogin(@Observes LoggedIn login) {
        Object guest = login.session().getAttribute(GUEST_CART);
        if (guest != null) {
            carts.merge("guest:" + guest, "user:" + login.user());
            login.session().removeAttribute(GUEST_CART);
        }
    }

    /** The cart owner of this request; with {@code create}, starts a guest cart (and a session) if needed. */
    private String owner(boolean create) {
        HttpSession session = request.getSession(create);
        if (session == null) {
            return null;
        }
        Object user = session.getAttribute("user");
        if (user != null) {
            return "user:" + user;
        }
        Object guest = session.getAttribute(GUEST_CART);
        if (guest == null) {
            if (!create) {
                return null;
            }
            guest = UUID.randomUUID().toString();
            session.setAttribute(GUEST_CART, guest);
        }
        return "guest:" + guest;
    }

    private static NotFoundException notInCart(String productId) {
        return new NotFoundException("Product '" + productId + "' is not in the cart");
    }
}
