package io.redkit.app.cart;

import io.redkit.redis.RedkitKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Shopping carts as Redis hashes, {@code <prefix>:cart:{<owner>}}: one field per product holding a JSON snapshot
 * {@code {"quantity","name","priceCents"}} (the price the shopper saw), TTL 7 days pushed out by every change. Each
 * change is one script (read-modify-write of the field plus the TTL), so concurrent adds never lose a unit.
 */
public final class Carts {

    static final String FEATURE = "cart";
    public static final int MAX_QUANTITY = 99;

    /** Adds {@code ARGV[2]} units (set snapshot when new); refuses to pass the cap. Returns the new quantity or -1. */
    private static final String ADD =
            """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            local item
            if current then item = cjson.decode(current) else
              item = {quantity = 0, name = ARGV[3], priceCents = tonumber(ARGV[4])}
            end
            local quantity = item.quantity + tonumber(ARGV[2])
            if quantity > tonumber(ARGV[5]) then return -1 end
            item.quantity = quantity
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(item))
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            return quantity
            """;

    /** Sets the quantity of an item already in the cart. Returns 1, or 0 when the item is not there. */
    private static final String SET_QUANTITY =
            """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if not current then return 0 end
            local item = cjson.decode(current)
            item.quantity = tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(item))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /** One line of a cart. */
    public record Item(String productId, int quantity, String name, long priceCents, long lineTotalCents) {}

    /** A cart with its total. */
    public record Cart(String owner, List<Item> items, int itemCount, long totalCents) {}

    /** Adding would pass {@link #MAX_QUANTITY} units of one product. */
    public static final class QuantityLimitException extends RuntimeException {
        QuantityLimitException(String productId) {
            super("Cart would hold more than " + MAX_QUANTITY + " of product '" + productId + "'");
        }
    }

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final Duration ttl;

    public Carts(RedissonClient redisson, RedkitKeys keys, Duration ttl) {
        this.redisson = redisson;
        this.keys = keys;
        this.ttl = ttl;
    }

    public int add(String owner, String productId, int quantity, String name, long priceCents) {
        Long result = script(ADD, owner, productId, quantity, name, priceCents, MAX_QUANTITY, ttl.toMillis());
        if (result == null || result < 0) {
            throw new QuantityLimitException(productId);
        }
        return result.intValue();
    }

    /** False when the product is not in the cart. */
    public boolean setQuantity(String owner, String productId, int quantity) {
        Long result = script(SET_QUANTITY, owner, productId, quantity, ttl.toMillis());
        return result != null && result == 1L;
    }

    public boolean remove(String owner, String productId) {
        return redisson.<String, String>getMap(key(owner), StringCodec.INSTANCE).fastRemove(productId) == 1;
    }

    public void clear(String owner) {
        redisson.getKeys().delete(key(owner));
    }

    public Cart get(String owner) {
        Map<String, String> fields = redisson.<String, String>getMap(key(owner), StringCodec.INSTANCE)
                .readAllMap();
        List<Item> items = new ArrayList<>();
        long total = 0;
        int count = 0;
        for (Map.Entry<String, String> field : new java.util.TreeMap<>(fields).entrySet()) {
            try (JsonReader reader = Json.createReader(new StringReader(field.getValue()))) {
                JsonObject item = reader.readObject();
                int quantity = item.getInt("quantity");
                long price = item.getJsonNumber("priceCents").longValue();
                items.add(new Item(field.getKey(), quantity, item.getString("name", ""), price, price * quantity));
                total += price * quantity;
                count += quantity;
            }
        }
        return new Cart(owner, items, count, total);
    }

    /**
     * Moves every item of {@code from} into {@code to} (quantities added, capped at the maximum) and deletes
     * {@code from}: a guest's cart joining the user's at login. Not atomic across the two carts (they may live in
     * different Cluster slots); running it twice adds nothing twice because the guest cart is gone after the first.
     */
    public Cart merge(String from, String to) {
        Cart guest = get(from);
        for (Item item : guest.items()) {
            int room = MAX_QUANTITY - quantityOf(to, item.productId());
            int moved = Math.min(room, item.quantity());
            if (moved > 0) {
                add(to, item.productId(), moved, item.name(), item.priceCents());
            }
        }
        clear(from);
        return get(to);
    }

    private int quantityOf(String owner, String productId) {
        return get(owner).items().stream()
                .filter(i -> i.productId().equals(productId))
                .mapToInt(Item::quantity)
                .findFirst()
                .orElse(0);
    }

    private Long script(String script, String owner, Object... args) {
        return redisson.getScript(StringCodec.INSTANCE)
                .eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, List.of(key(owner)), args);
    }

    String key(String owner) {
        return keys.tagged(FEATURE, owner);
    }
}
