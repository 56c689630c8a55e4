package io.redkit.app.caching;

import io.redkit.redis.RedkitKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Tag-based invalidation: each entry is stored with the tags of the data it was built from, and invalidating a tag
 * deletes every entry that carries it, however it is keyed. Entry {@code e} lives at {@code
 * <prefix>:tagged:{<space>}:e:<e>}, tag {@code t} is a set of entry ids at {@code ...:t:<t>}; one hash tag per space,
 * so both scripts are single-slot in Redis Cluster.
 *
 * <p>A tag set expires with the longest-lived entry it names. An entry deleted by its TTL leaves its id in the tag
 * sets until the tag is invalidated or expires: deleting an already-gone key is harmless.
 */
public final class TaggedCache {

    static final String FEATURE = "tagged";

    /** KEYS: entry, tag sets... ARGV: entry id, value, ttl ms. */
    private static final String PUT =
            """
            local ttl = tonumber(ARGV[3])
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
            for i = 2, #KEYS do
              redis.call('SADD', KEYS[i], ARGV[1])
              if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
            end
            return 1
            """;

    /** KEYS: tag sets... ARGV: entry key prefix. Returns how many entries were deleted. */
    private static final String INVALIDATE =
            """
            local deleted = 0
            for i = 1, #KEYS do
              for _, id in ipairs(redis.call('SMEMBERS', KEYS[i])) do
                deleted = deleted + redis.call('DEL', ARGV[1] .. id)
              end
              redis.call('DEL', KEYS[i])
            end
            return deleted
            """;

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final String space;

    public TaggedCache(RedissonClient redisson, RedkitKeys keys, String space) {
        this.redisson = redisson;
        this.keys = keys;
        this.space = space;
    }

    public Optional<String> get(String id) {
        return Optional.ofNullable(
                redisson.<String>getBucket(entryKey(id), StringCodec.INSTANCE).get());
    }

    /** Stores {@code value} under {@code id} for {@code ttl}, findable by each of {@code tags}. */
    public void put(String id, String value, Duration ttl, Collection<String> tags) {
        if (ttl.toMillis() <= 0) {
            throw new IllegalArgumentException("ttl must be positive, not " + ttl);
        }
        List<Object> keyList = new ArrayList<>();
        keyList.add(entryKey(id));
        tags.forEach(tag -> keyList.add(tagKey(tag)));
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        entryKey(id),
                        RScript.Mode.READ_WRITE,
                        PUT,
                        RScript.ReturnType.INTEGER,
                        keyList,
                        id,
                        value,
                        ttl.toMillis());
    }

    /** Deletes every entry carrying any of {@code tags}; returns how many there were. */
    public long invalidate(Collection<String> tags) {
        if (tags.isEmpty()) {
            return 0;
        }
        List<Object> keyList = new ArrayList<>();
        tags.forEach(tag -> keyList.add(tagKey(tag)));
        Long deleted = redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        tagKey(tags.iterator().next()),
                        RScript.Mode.READ_WRITE,
                        INVALIDATE,
                        RScript.ReturnType.INTEGER,
                        keyList,
                        keys.tagged(FEATURE, space, "e") + ":");
        return deleted == null ? 0 : deleted;
    }

    private String entryKey(String id) {
        return keys.tagged(FEATURE, space, "e", id);
    }

    private String tagKey(String tag) {
        return keys.tagged(FEATURE, space, "t", tag);
    }
}
