package io.redkit.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

/** Redis's own count of the commands it executed ({@code INFO commandstats}), to count commands per operation. */
public final class RedisCommandStats {

    private RedisCommandStats() {}

    /** Calls per command name ({@code evalsha}, {@code hset}, ...) since the server started. */
    public static Map<String, Long> read(RedissonClient redisson) {
        return read(redisson, "calls=");
    }

    /**
     * Microseconds Redis spent per command name since the server started (a script's time includes the commands it
     * ran, which are also counted under their own names).
     */
    public static Map<String, Long> micros(RedissonClient redisson) {
        return read(redisson, "usec=");
    }

    private static Map<String, Long> read(RedissonClient redisson, String field) {
        Map<String, String> info =
                redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.COMMANDSTATS);
        Map<String, Long> calls = new HashMap<>();
        info.forEach((name, value) -> {
            if (name.startsWith("cmdstat_")) {
                for (String part : value.split(",")) {
                    if (part.startsWith(field)) {
                        calls.put(name.substring(8), Long.parseLong(part.substring(field.length())));
                    }
                }
            }
        });
        return calls;
    }

    /** Commands per operation between two readings, leaving out the INFO command that took the reading. */
    public static Map<String, Double> perCall(Map<String, Long> before, Map<String, Long> after, int operations) {
        Map<String, Double> per = new TreeMap<>();
        after.forEach((command, count) -> {
            long delta = count - before.getOrDefault(command, 0L);
            if (delta > 0 && !command.equals("info")) {
                per.put(command, (double) delta / operations);
            }
        });
        return per;
    }
}
