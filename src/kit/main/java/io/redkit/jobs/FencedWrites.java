package io.redkit.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A Redis hash that refuses writes carrying a fencing token lower than the highest it has accepted: how a job that
 * lost its lock during a stall (GC pause, SIGSTOP) is kept from overwriting the work of the node that took over.
 */
public final class FencedWrites {

    private static final String WRITE =
            """
            local seen = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
            if seen > tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'fence', ARGV[1])
            for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private FencedWrites() {}

    /**
     * Writes {@code fields} (and the token) into the hash at {@code key} unless a higher token wrote it before.
     *
     * @param redisson the client
     * @param key the hash
     * @param fencingToken the writer's token, e.g. {@link JobContext#fencingToken()}
     * @param fields the fields to write
     * @param ttl the time to live of the hash
     * @return true if written; false if a higher token wrote the hash before (the writer is stale)
     */
    public static boolean write(
            RedissonClient redisson, String key, long fencingToken, Map<String, String> fields, Duration ttl) {
        List<Object> args = new ArrayList<>();
        args.add(fencingToken);
        args.add(ttl.toMillis());
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        Long written = redisson.getScript(StringCodec.INSTANCE)
                .eval(RScript.Mode.READ_WRITE, WRITE, RScript.ReturnType.INTEGER, List.of(key), args.toArray());
        return written != null && written == 1L;
    }
}
