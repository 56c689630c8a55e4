package io.redkit.session.internal;

import io.redkit.redis.KeyHash;
import io.redkit.redis.RedkitKeys;
import io.redkit.session.SessionSettings;
import io.redkit.session.TooManySessionsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The sessions of each principal: a sorted set {@code <prefix>:session-principal:{<SHA-256 of the principal>}:index}
 * whose members are session keys (never ids) scored by login time. It is written only when a session's principal
 * changes (a login: one script, so one round trip, and the cap is enforced in it atomically, on one Cluster slot);
 * ordinary requests never touch it. Members leave when their session is invalidated, expires (the sweep) or is
 * rotated; one whose session vanished otherwise is pruned whenever the principal's sessions are listed or counted
 * against the cap.
 */
public final class PrincipalIndex {

    static final String FEATURE = "session-principal";

    private static final String ADD =
            """
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {1} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if #last == 2 and tonumber(last[2]) >= now then now = tonumber(last[2]) + 1 end
            local max = tonumber(ARGV[2])
            local n = redis.call('ZCARD', KEYS[1])
            if max > 0 and n >= max and ARGV[3] == 'refuse' then
              local all = redis.call('ZRANGE', KEYS[1], 0, -1)
              table.insert(all, 1, 0)
              return all
            end
            redis.call('ZADD', KEYS[1], now, ARGV[1])
            if max > 0 and n + 1 > max then
              local out = redis.call('ZRANGE', KEYS[1], 0, n - max)
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - max)
              table.insert(out, 1, 1)
              return out
            end
            return {1}
            """;

    private static final String REMOVE =
            """
            local removed = 0
            for i = 1, #ARGV do removed = removed + redis.call('ZREM', KEYS[1], ARGV[i]) end
            if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
            return removed
            """;

    private static final String MOVE =
            """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not score then return 0 end
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[1], score, ARGV[2])
            return 1
            """;

    private final RedissonClient redisson;
    private final RedkitKeys keys;

    PrincipalIndex(RedissonClient redisson, RedkitKeys keys) {
        this.redisson = redisson;
        this.keys = keys;
    }

    /** A principal's session as the index and the session's hash tell it. */
    public record Entry(
            String sessionKey, long loginAtMicros, long created, long lastAccess, String node, int attributes) {}

    String key(String principal) {
        return keys.tagged(FEATURE, KeyHash.of(principal), "index");
    }

    /**
     * Indexes {@code sessionKey} under {@code principal}; returns the session keys evicted to keep within {@code max}
     * (oldest login first). Under {@code REFUSE_NEW} a full index (after pruning members whose session is gone)
     * throws {@link TooManySessionsException} and indexes nothing.
     */
    List<String> add(String principal, String sessionKey, int max, SessionSettings.WhenFull whenFull) {
        for (int attempt = 0; ; attempt++) {
            List<Object> answer = redisson.getScript(StringCodec.INSTANCE)
                    .eval(
                            RScript.Mode.READ_WRITE,
                            ADD,
                            RScript.ReturnType.MULTI,
                            List.of(key(principal)),
                            sessionKey,
                            Integer.toString(max),
                            whenFull == SessionSettings.WhenFull.REFUSE_NEW ? "refuse" : "evict");
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < answer.size(); i++) {
                rest.add(String.valueOf(answer.get(i)));
            }
            if (((Number) answer.get(0)).longValue() == 1) {
                return rest;
            }
            if (attempt > 0 || prune(principal, rest) == 0) {
                throw new TooManySessionsException(max);
            }
        }
    }

    void remove(String principal, String... sessionKeys) {
        if (sessionKeys.length > 0) {
            redisson.getScript(StringCodec.INSTANCE)
                    .eval(RScript.Mode.READ_WRITE, REMOVE, RScript.ReturnType.INTEGER, List.of(key(principal)), (Object
                                    [])
                            sessionKeys);
        }
    }

    void move(String principal, String oldKey, String newKey) {
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        MOVE,
                        RScript.ReturnType.INTEGER,
                        List.of(key(principal)),
                        oldKey,
                        newKey);
    }

    /** The principal's live sessions, oldest login first; members whose session is gone are removed. */
    public List<Entry> entries(String principal) {
        Map<String, Double> scored = new java.util.LinkedHashMap<>();
        redisson.<String>getScoredSortedSet(key(principal), StringCodec.INSTANCE)
                .entryRange(0, -1)
                .forEach(e -> scored.put(e.getValue(), e.getScore()));
        if (scored.isEmpty()) {
            return List.of();
        }
        List<String> members = new ArrayList<>(scored.keySet());
        List<List<String>> fields = read(members);
        List<Entry> live = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < members.size(); i++) {
            List<String> f = fields.get(i);
            if (!live(f, principal, now)) {
                dead.add(members.get(i));
                continue;
            }
            live.add(new Entry(
                    members.get(i),
                    scored.get(members.get(i)).longValue(),
                    Long.parseLong(f.get(0)),
                    Long.parseLong(f.get(1)),
                    f.get(4),
                    Integer.parseInt(f.get(5))));
        }
        remove(principal, dead.toArray(String[]::new));
        return live;
    }

    /** Removes the members among {@code candidates} whose session is gone; returns how many. */
    private int prune(String principal, List<String> candidates) {
        List<List<String>> fields = read(candidates);
        long now = System.currentTimeMillis();
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (!live(fields.get(i), principal, now)) {
                dead.add(candidates.get(i));
            }
        }
        remove(principal, dead.toArray(String[]::new));
        return dead.size();
    }

    /** Whether the session {@link #read} gave {@code f} of exists, has not expired and still is the principal's. */
    private static boolean live(List<String> f, String principal, long now) {
        if (f.get(1) == null || f.get(2) == null || f.get(0) == null || !principal.equals(f.get(3))) {
            return false;
        }
        long max = Long.parseLong(f.get(2));
        return max < 0 || Long.parseLong(f.get(1)) + max * 1000 > now;
    }

    /**
     * Per session key: created, last access, max inactive, principal, node, attribute count (one pipelined batch;
     * on Redis Cluster the keys are on many slots).
     */
    private List<List<String>> read(List<String> sessionKeys) {
        RBatch batch = redisson.createBatch();
        for (String key : sessionKeys) {
            batch.getScript(StringCodec.INSTANCE)
                    .evalAsync(
                            RScript.Mode.READ_ONLY,
                            """
                            local v = redis.call('HMGET', KEYS[1], '_created', '_lastAccess', '_maxInactive',
                              '_principal', '_node')
                            local n = 0
                            for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
                              if string.sub(f, 1, 2) == 'a:' then n = n + 1 end
                            end
                            return {v[1] or '', v[2] or '', v[3] or '', v[4] or '', v[5] or '', tostring(n)}
                            """,
                            RScript.ReturnType.MULTI,
                            List.of(key));
        }
        BatchResult<?> result = batch.execute();
        List<List<String>> all = new ArrayList<>();
        for (Object response : result.getResponses()) {
            List<String> f = new ArrayList<>();
            for (Object o : (List<?>) response) {
                String text = o == null ? "" : String.valueOf(o);
                f.add(text.isEmpty() ? null : text);
            }
            all.add(f);
        }
        return all;
    }
}
