package io.redkit.app.ops;

import io.redkit.redis.Redkit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/**
 * {@code GET /api/redis/info}: what an operator checks first, from {@code INFO} of each master: version, uptime,
 * memory and eviction policy, clients, operations per second, keys per database and the keyspace hit ratio.
 */
@RolesAllowed(OpsSettings.ROLE)
@Path("redis/info")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RedisInfoResource {

    @Inject
    @Redkit
    RedissonClient redisson;

    @GET
    public Map<String, Object> info() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (RedisNode node : masters(redisson)) {
            nodes.add(summary(node.getAddr().toString(), node.info(RedisNode.InfoSection.ALL)));
        }
        return Map.of("nodes", nodes);
    }

    /** The master(s) of whatever topology the client is configured for. */
    static List<? extends RedisNode> masters(RedissonClient redisson) {
        Config config = redisson.getConfig();
        if (config.isClusterConfig()) {
            return new ArrayList<>(redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters());
        }
        if (config.isSentinelConfig()) {
            return List.of(
                    redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
        }
        if (config.isSingleConfig()) {
            return List.of(redisson.getRedisNodes(RedisNodes.SINGLE).getInstance());
        }
        return List.of(redisson.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
    }

    static Map<String, Object> summary(String address, Map<String, String> info) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("address", address);
        s.put("version", info.get("redis_version"));
        s.put("uptimeSeconds", number(info.get("uptime_in_seconds")));
        s.put("usedMemory", info.get("used_memory_human"));
        s.put("maxMemory", info.get("maxmemory_human"));
        s.put("evictionPolicy", info.get("maxmemory_policy"));
        s.put("connectedClients", number(info.get("connected_clients")));
        s.put("opsPerSecond", number(info.get("instantaneous_ops_per_sec")));
        long hits = number(info.get("keyspace_hits"));
        long misses = number(info.get("keyspace_misses"));
        s.put("keyspaceHits", hits);
        s.put("keyspaceMisses", misses);
        s.put("hitRatio", hits + misses == 0 ? null : (double) hits / (hits + misses));
        Map<String, Long> keys = new LinkedHashMap<>();
        info.forEach((name, value) -> {
            if (name.matches("db\\d+")) {
                for (String part : value.split(",")) {
                    if (part.startsWith("keys=")) {
                        keys.put(name, Long.parseLong(part.substring(5)));
                    }
                }
            }
        });
        s.put("keys", keys);
        return s;
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
