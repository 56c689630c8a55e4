package io.redkit.session.internal;

import io.redkit.redis.KeyHash;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.internal.LuaScript;
import io.redkit.session.SessionNotReplicatedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Sessions in Redis: one hash per session, {@code <prefix>:session:{<family>}:<hash of the secret>} (32 hex digits of
 * SHA-256: a key name, seen by {@code SCAN}, {@code MONITOR} or the slow log, never gives away a usable session id),
 * with the metadata fields {@code _id} (the id itself, for the destroy events of {@link SessionCleanup}), {@code
 * _created}, {@code _lastAccess}, {@code _maxInactive} and one field {@code a:<name>} per attribute (bytes of the
 * application's codec). Each operation is one script call, so one round trip:
 *
 * <ul>
 *   <li>{@link #load}: read the hash and, in the same call, touch it (last access, TTL);
 *   <li>{@link #save}: write only the attributes set or removed, never resurrecting a session deleted meanwhile;
 *   <li>{@link #rename}: {@code changeSessionId}, atomic, same Cluster slot (same family).
 * </ul>
 *
 * The key's TTL is the inactivity limit plus a grace period, so {@link SessionCleanup} can still read an expired
 * session and fire its destroy events.
 *
 * <p>With {@code redkit.session.wait-replicas=N}, {@link #save} and {@link #rename} send their script and a Redis
 * {@code WAIT N <timeout>} on the same connection (one pipelined round trip plus the replication delay); fewer than
 * N replicas confirming in time fails the commit with {@link SessionNotReplicatedException} (503), because a master
 * failover could then lose it. The write itself stays on the master: retrying the request is safe.
 */
public final class SessionStore {

    static final String FEATURE = "session";
    static final String ATTRIBUTE_PREFIX = "a:";

    private static final String NOW =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** Sent as {@code EVALSHA} (see {@link LuaScript}): every request with a session runs it. */
    private static final LuaScript LOAD = new LuaScript(
            NOW
                    + """
            local data = redis.call('HGETALL', KEYS[1])
            if #data == 0 then return data end
            local last, max = nil, nil
            for i = 1, #data, 2 do
              if data[i] == '_lastAccess' then last = tonumber(data[i + 1]) end
              if data[i] == '_maxInactive' then max = tonumber(data[i + 1]) end
            end
            if last == nil or max == nil then return {} end
            if max >= 0 and last + max * 1000 <= now then return {} end
            redis.call('HSET', KEYS[1], '_lastAccess', now)
            if max >= 0 then redis.call('PEXPIRE', KEYS[1], max * 1000 + tonumber(ARGV[1])) end
            table.insert(data, '_now')
            table.insert(data, tostring(now))
            return data
            """);

    /** Sent as {@code EVALSHA}, or with its text in a {@code WAIT} batch; so is {@link #RENAME}. */
    private static final LuaScript SAVE = new LuaScript(
            NOW
                    + """
            if ARGV[1] == 'new' then
              redis.call('HSET', KEYS[1], '_id', ARGV[5], '_created', ARGV[4], '_lastAccess', now)
            elseif redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            redis.call('HSET', KEYS[1], '_maxInactive', ARGV[2])
            local n = tonumber(ARGV[6])
            local i = 7
            for k = 1, n do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            while i <= #ARGV do
              redis.call('HDEL', KEYS[1], ARGV[i])
              i = i + 1
            end
            local max = tonumber(ARGV[2])
            if max >= 0 then redis.call('PEXPIRE', KEYS[1], max * 1000 + tonumber(ARGV[3]))
            else redis.call('PERSIST', KEYS[1]) end
            return 1
            """);

    private static final LuaScript RENAME = new LuaScript(
            """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('RENAME', KEYS[1], KEYS[2])
              redis.call('HSET', KEYS[2], '_id', ARGV[1])
              return 1
            end
            return 0
            """);

    private static final String DELETE_IF_EXPIRED = NOW
            + """
            local v = redis.call('HMGET', KEYS[1], '_lastAccess', '_maxInactive')
            if not v[1] or not v[2] then return 0 end
            local max = tonumber(v[2])
            if max >= 0 and tonumber(v[1]) + max * 1000 <= now then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """;

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final long graceMillis;
    private final int waitReplicas;
    private final Duration waitTimeout;

    SessionStore(RedissonClient redisson, RedkitKeys keys, long graceMillis, int waitReplicas, Duration waitTimeout) {
        this.redisson = redisson;
        this.keys = keys;
        this.graceMillis = graceMillis;
        this.waitReplicas = waitReplicas;
        this.waitTimeout = waitTimeout;
    }

    /** A session's raw fields as stored; {@code fields} excludes the metadata. */
    record Stored(
            String id,
            long created,
            long lastAccess,
            int maxInactiveSeconds,
            long now,
            Map<String, byte[]> attributes,
            String principal,
            String node,
            boolean remembered) {}

    /** Metadata field: present when the session's cookie is persistent (remember me). */
    static final String REMEMBER_FIELD = "_remember";

    /** Metadata field: the principal the session is indexed under ({@link PrincipalIndex}). */
    static final String PRINCIPAL_FIELD = "_principal";
    /** Metadata field: the node that stored the session's principal. */
    static final String NODE_FIELD = "_node";

    /** The key of session {@code id}: its family as the hash tag, then a hash of its secret, never the secret. */
    public String key(String id) {
        return keys.tagged(FEATURE, SessionIds.family(id), KeyHash.of(SessionIds.secret(id)));
    }

    String pattern() {
        return keys.pattern(FEATURE);
    }

    /** The session and a touch of its last access, or null if it does not exist or has expired. */
    Stored load(String id) {
        return load(key(id), true);
    }

    /** Reads a session by key; {@code touch=false} reads without refreshing (used by the cleanup job). */
    Stored load(String key, boolean touch) {
        List<Object> raw = touch
                ? LOAD.eval(
                        redisson.getScript(ByteArrayCodec.INSTANCE),
                        RScript.Mode.READ_WRITE,
                        RScript.ReturnType.MULTI,
                        List.of(key),
                        bytes(Long.toString(graceMillis)))
                : hgetall(key);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String id = null;
        long created = 0;
        long lastAccess = 0;
        int maxInactive = 0;
        String principal = null;
        String node = null;
        boolean remembered = false;
        long now = System.currentTimeMillis();
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < raw.size(); i += 2) {
            String field = new String((byte[]) raw.get(i), StandardCharsets.UTF_8);
            byte[] value = (byte[]) raw.get(i + 1);
            switch (field) {
                case "_id" -> id = new String(value, StandardCharsets.UTF_8);
                case "_created" -> created = number(value);
                case "_lastAccess" -> lastAccess = number(value);
                case "_maxInactive" -> maxInactive = (int) number(value);
                case "_now" -> now = number(value);
                case PRINCIPAL_FIELD -> principal = new String(value, StandardCharsets.UTF_8);
                case NODE_FIELD -> node = new String(value, StandardCharsets.UTF_8);
                case REMEMBER_FIELD -> remembered = true;
                default -> {
                    if (field.startsWith(ATTRIBUTE_PREFIX)) {
                        attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), value);
                    }
                }
            }
        }
        return new Stored(id, created, lastAccess, maxInactive, now, attributes, principal, node, remembered);
    }

    private List<Object> hgetall(String key) {
        Map<byte[], byte[]> all =
                redisson.<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE).readAllMap();
        List<Object> raw = new ArrayList<>(all.size() * 2);
        all.forEach((k, v) -> {
            raw.add(k);
            raw.add(v);
        });
        return raw;
    }

    /**
     * Writes a new session, or the changes of an existing one; false when an existing session was deleted
     * meanwhile (invalidated on another node), in which case nothing is written.
     */
    boolean save(
            String id,
            boolean isNew,
            long created,
            int maxInactiveSeconds,
            Map<String, byte[]> set,
            Iterable<String> removed) {
        return save(id, isNew, created, maxInactiveSeconds, set, removed, Map.of());
    }

    /**
     * As {@link #save(String, boolean, long, int, Map, Iterable)}, also setting metadata fields ({@code _principal},
     * {@code _node}; a {@code null} value removes the field) in the same script.
     */
    boolean save(
            String id,
            boolean isNew,
            long created,
            int maxInactiveSeconds,
            Map<String, byte[]> set,
            Iterable<String> removed,
            Map<String, String> metadata) {
        List<Object> args = new ArrayList<>();
        args.add(bytes(isNew ? "new" : "update"));
        args.add(bytes(Integer.toString(maxInactiveSeconds)));
        args.add(bytes(Long.toString(graceMillis)));
        args.add(bytes(Long.toString(created)));
        args.add(bytes(isNew ? id : ""));
        int pairs = set.size()
                + (int) metadata.values().stream().filter(v -> v != null).count();
        args.add(bytes(Integer.toString(pairs)));
        set.forEach((name, value) -> {
            args.add(bytes(ATTRIBUTE_PREFIX + name));
            args.add(value);
        });
        metadata.forEach((field, value) -> {
            if (value != null) {
                args.add(bytes(field));
                args.add(bytes(value));
            }
        });
        for (String name : removed) {
            args.add(bytes(ATTRIBUTE_PREFIX + name));
        }
        metadata.forEach((field, value) -> {
            if (value == null) {
                args.add(bytes(field));
            }
        });
        Long saved = write(SAVE, List.of(key(id)), args.toArray());
        return saved != null && saved == 1L;
    }

    boolean rename(String oldId, String newId) {
        Long renamed = write(RENAME, List.of(key(oldId), key(newId)), bytes(newId));
        return renamed != null && renamed == 1L;
    }

    /** Runs a write script; with {@code wait-replicas}, in a batch that ends with {@code WAIT}. */
    private Long write(LuaScript script, List<Object> keyList, Object... args) {
        if (waitReplicas == 0) {
            return script.eval(
                    redisson.getScript(ByteArrayCodec.INSTANCE),
                    RScript.Mode.READ_WRITE,
                    RScript.ReturnType.INTEGER,
                    keyList,
                    args);
        }
        RBatch batch = redisson.createBatch(BatchOptions.defaults().sync(waitReplicas, waitTimeout));
        batch.getScript(ByteArrayCodec.INSTANCE)
                .evalAsync(RScript.Mode.READ_WRITE, script.source(), RScript.ReturnType.INTEGER, keyList, args);
        BatchResult<?> result = batch.execute();
        if (result.getSyncedSlaves() < waitReplicas) {
            throw new SessionNotReplicatedException(waitReplicas, result.getSyncedSlaves(), waitTimeout);
        }
        return (Long) result.getResponses().get(0);
    }

    void delete(String id) {
        redisson.getKeys().delete(key(id));
    }

    /** Deletes the session stored at {@code key}; true if this call deleted it (it existed). */
    boolean deleteKey(String key) {
        return redisson.getKeys().delete(key) == 1;
    }

    /** Deletes the session at {@code key} if it is past its inactivity limit; true if it did. */
    boolean deleteIfExpired(String key) {
        Long deleted = redisson.getScript(ByteArrayCodec.INSTANCE)
                .eval(RScript.Mode.READ_WRITE, DELETE_IF_EXPIRED, RScript.ReturnType.INTEGER, List.of(key));
        return deleted != null && deleted == 1L;
    }

    /**
     * The session id in a key of the earlier naming, {@code {<family>}:<secret>} (sessions written before the secret
     * was hashed carry no {@code _id}); null for a key of today's naming.
     */
    static String legacyIdOf(String key) {
        int brace = key.indexOf('{');
        int close = key.indexOf('}', brace);
        if (brace < 0 || close < 0 || key.length() - close - 2 != 22) {
            return null;
        }
        return key.substring(brace + 1, close) + "." + key.substring(close + 2);
    }

    private static long number(byte[] value) {
        return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
