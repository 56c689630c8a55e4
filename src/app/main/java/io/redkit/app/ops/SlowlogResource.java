package io.redkit.app.ops;

import io.redkit.redis.RedisSettings;
import io.redkit.redis.Redkit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisConnection;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.decoder.ObjectListReplayDecoder;

/**
 * {@code GET /api/redis/slowlog?limit=20} (role {@value OpsSettings#ROLE}): the newest entries of each master's
 * {@code SLOWLOG} (commands slower than the server's {@code slowlog-log-slower-than}): when, for how long, the
 * command's name, argument count and key shapes ({@link CommandShape}), and the client's name. Redacted: the slow log
 * holds raw arguments (session keys are session ids, values are users' data) and client addresses; none of them is
 * returned. Redisson has no slowlog API, so this sends {@code SLOWLOG GET} to each master on a connection of
 * Redisson's client for that node.
 */
@RolesAllowed(OpsSettings.ROLE)
@Path("redis/slowlog")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SlowlogResource {

    static final int MAX_LIMIT = 128;

    private static final RedisCommand<List<Object>> SLOWLOG_GET =
            new RedisCommand<>("SLOWLOG", "GET", new ObjectListReplayDecoder<>());

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedisSettings redisSettings;

    @GET
    public Map<String, Object> slowlog(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException(
                    "Query parameter 'limit' must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (RedisNode node : RedisInfoResource.masters(redisson)) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("address", node.getAddr().toString());
            n.put("slowerThanMicros", node.getConfig("slowlog-log-slower-than").get("slowlog-log-slower-than"));
            n.put("entries", entries(slowlogGet(node, limit), redisSettings.keyPrefix()));
            nodes.add(n);
        }
        return Map.of("nodes", nodes);
    }

    /** One short-lived connection from the node's own client (its address, credentials and TLS settings). */
    private static List<Object> slowlogGet(RedisNode node, int limit) {
        RedisClient client = ((org.redisson.redisnode.RedisNode) node).getClient();
        RedisConnection connection = client.connect();
        try {
            return connection.sync(StringCodec.INSTANCE, SLOWLOG_GET, limit);
        } finally {
            connection.closeAsync();
        }
    }

    /** Each raw entry: id, unix time, duration µs, [command args], client address, client name (Redis ≥ 4). */
    static List<Map<String, Object>> entries(List<Object> raw, String keyPrefix) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object item : raw) {
            if (!(item instanceof List<?> e) || e.size() < 4) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", number(e.get(0)));
            entry.put("at", Instant.ofEpochSecond(number(e.get(1))).toString());
            entry.put("durationMicros", number(e.get(2)));
            List<String> command = new ArrayList<>();
            if (e.get(3) instanceof List<?> args) {
                args.forEach(a -> command.add(String.valueOf(a)));
            }
            CommandShape shape = CommandShape.of(command, keyPrefix);
            entry.put("command", shape.name());
            entry.put("arguments", shape.arguments());
            entry.put("keys", shape.keys());
            entry.put("clientName", e.size() > 5 ? String.valueOf(e.get(5)) : "");
            entries.add(entry);
        }
        return entries;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
}
