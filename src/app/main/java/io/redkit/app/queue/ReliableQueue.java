package io.redkit.app.queue;

import io.redkit.redis.RedkitKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.queue.DequeMoveArgs;
import org.redisson.client.codec.StringCodec;

/**
 * A reliable queue on Redis lists, at-least-once: a message is never removed before its handler succeeded. Keys of
 * queue {@code q} share the hash tag {@code {q}}: {@code ready:high} / {@code ready:normal} (lists of ids), {@code
 * processing} (list), {@code deadlines} (zset id → visibility deadline), {@code delayed} (zset id → retry time),
 * {@code dead} (list), {@code messages} (hash id → JSON). Every transition is one Lua script:
 *
 * <ul>
 *   <li>take: move the oldest id (high priority first) into processing and set its deadline;
 *   <li>ack: remove it everywhere;
 *   <li>fail: count the attempt; retry after an exponential backoff, or dead-letter after {@code maxAttempts};
 *   <li>recover: ids whose deadline passed (their worker died or hung) go back to ready, and due retries become
 *       ready.
 * </ul>
 *
 * Handlers must be idempotent: a worker that dies after its work but before its ack gets the message redelivered.
 */
public final class ReliableQueue {

    static final String FEATURE = "queue";

    private static final String NOW =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private static final String ENQUEUE = NOW
            + """
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            if ARGV[3] == 'high' then redis.call('LPUSH', KEYS[1], ARGV[1]) else redis.call('LPUSH', KEYS[2], ARGV[1]) end
            return 1
            """;

    /** KEYS: ready:high, ready:normal, processing, deadlines. ARGV: visibility ms. */
    private static final String TAKE = NOW
            + """
            local id = redis.call('LMOVE', KEYS[1], KEYS[3], 'RIGHT', 'LEFT')
            if not id then id = redis.call('LMOVE', KEYS[2], KEYS[3], 'RIGHT', 'LEFT') end
            if not id then return false end
            redis.call('ZADD', KEYS[4], now + tonumber(ARGV[1]), id)
            return id
            """;

    /** KEYS: deadlines. ARGV: id, visibility ms. Deadlines are Redis time, like every other script's. */
    private static final String DEADLINE =
            NOW + """
            return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            """;

    /** KEYS: processing, deadlines, messages. */
    private static final String ACK =
            """
            local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            return removed
            """;

    /** KEYS: processing, deadlines, messages, delayed, dead. ARGV: id, maxAttempts, baseBackoff, maxBackoff, error. */
    private static final String FAIL = NOW
            + """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return -1 end
            redis.call('ZREM', KEYS[2], ARGV[1])
            local raw = redis.call('HGET', KEYS[3], ARGV[1])
            if not raw then return -1 end
            local m = cjson.decode(raw)
            m.attempts = (m.attempts or 0) + 1
            m.lastError = ARGV[5]
            redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(m))
            if m.attempts >= tonumber(ARGV[2]) then
              redis.call('LPUSH', KEYS[5], ARGV[1])
              return 0
            end
            local backoff = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (m.attempts - 1))
            redis.call('ZADD', KEYS[4], now + backoff, ARGV[1])
            return backoff
            """;

    /**
     * KEYS: ready:normal, processing, deadlines, delayed, ready:high, messages. ARGV: visibility ms. Returns
     * {recovered, promoted}. An id in processing without a deadline (its worker died between the blocking move and
     * setting the deadline) gets one, so it is recovered too.
     */
    private static final String RECOVER = NOW
            + """
            for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, 199)) do
              if not redis.call('ZSCORE', KEYS[3], id) then redis.call('ZADD', KEYS[3], now + tonumber(ARGV[1]), id) end
            end
            local recovered = 0
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 100)) do
              redis.call('ZREM', KEYS[3], id)
              if redis.call('LREM', KEYS[2], 1, id) > 0 then
                redis.call('RPUSH', KEYS[1], id)
                recovered = recovered + 1
              end
            end
            local promoted = 0
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 100)) do
              redis.call('ZREM', KEYS[4], id)
              local raw = redis.call('HGET', KEYS[6], id)
              if raw and cjson.decode(raw).priority == 'high' then redis.call('RPUSH', KEYS[5], id)
              else redis.call('RPUSH', KEYS[1], id) end
              promoted = promoted + 1
            end
            return {recovered, promoted}
            """;

    /** KEYS: dead, ready:normal, messages. */
    private static final String REQUEUE =
            """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
            local raw = redis.call('HGET', KEYS[3], ARGV[1])
            if raw then
              local m = cjson.decode(raw)
              m.attempts = 0
              redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(m))
            end
            redis.call('LPUSH', KEYS[2], ARGV[1])
            return 1
            """;

    /** KEYS: ready:high, ready:normal, processing, delayed, dead. */
    private static final String STATS =
            """
            return {redis.call('LLEN', KEYS[1]), redis.call('LLEN', KEYS[2]), redis.call('LLEN', KEYS[3]),
                    redis.call('ZCARD', KEYS[4]), redis.call('LLEN', KEYS[5])}
            """;

    /** KEYS: dead, messages. */
    private static final String PURGE =
            """
            local ids = redis.call('LRANGE', KEYS[1], 0, -1)
            for _, id in ipairs(ids) do redis.call('HDEL', KEYS[2], id) end
            redis.call('DEL', KEYS[1])
            return #ids
            """;

    /** Message priorities. */
    public enum Priority {
        HIGH,
        NORMAL
    }

    /** Counts per state. */
    public record Stats(String queue, long readyHigh, long readyNormal, long processing, long delayed, long dead) {}

    /** A message as stored: its JSON envelope with body, attempts, priority, last error. */
    public record Message(String id, String json) {}

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final String queue;

    public ReliableQueue(RedissonClient redisson, RedkitKeys keys, String queue) {
        this.redisson = redisson;
        this.keys = keys;
        this.queue = queue;
    }

    public String name() {
        return queue;
    }

    /** Adds a message; {@code bodyJson} must be valid JSON. Returns its id. */
    public String enqueue(String bodyJson, Priority priority) {
        String id = UUID.randomUUID().toString();
        String envelope =
                "{\"id\":\"" + id + "\",\"priority\":\"" + priority.name().toLowerCase() + "\",\"attempts\":0,"
                        + "\"enqueuedAt\":" + System.currentTimeMillis() + ",\"body\":" + bodyJson + "}";
        eval(
                ENQUEUE,
                RScript.ReturnType.INTEGER,
                List.of(k("ready:high"), k("ready:normal"), k("messages")),
                id,
                envelope,
                priority == Priority.HIGH ? "high" : "normal");
        return id;
    }

    /** The next message (high priority first), now invisible to others for {@code visibility}; empty if none. */
    public Optional<Message> take(Duration visibility) {
        String id = eval(
                TAKE,
                RScript.ReturnType.VALUE,
                List.of(k("ready:high"), k("ready:normal"), k("processing"), k("deadlines")),
                visibility.toMillis());
        if (id == null) {
            return Optional.empty();
        }
        String json = redisson.<String, String>getMap(k("messages"), StringCodec.INSTANCE)
                .get(id);
        return Optional.of(new Message(id, json));
    }

    /**
     * Waits up to {@code wait} for a normal-priority message with a blocking move ({@code BLMOVE}) into processing;
     * used by idle workers after {@link #take} found nothing.
     */
    public Optional<Message> takeBlocking(Duration wait, Duration visibility) {
        String id = redisson.<String>getBlockingDeque(k("ready:normal"), StringCodec.INSTANCE)
                .move(wait, DequeMoveArgs.pollLast().addFirstTo(k("processing")));
        if (id == null) {
            return Optional.empty();
        }
        eval(DEADLINE, RScript.ReturnType.INTEGER, List.of(k("deadlines")), id, visibility.toMillis());
        String json = redisson.<String, String>getMap(k("messages"), StringCodec.INSTANCE)
                .get(id);
        return Optional.of(new Message(id, json));
    }

    public boolean ack(String id) {
        Long removed =
                eval(ACK, RScript.ReturnType.INTEGER, List.of(k("processing"), k("deadlines"), k("messages")), id);
        return removed != null && removed > 0;
    }

    /** Records a failed attempt. Returns the backoff in ms before the retry, 0 if dead-lettered, -1 if not held. */
    public long fail(String id, int maxAttempts, Duration baseBackoff, Duration maxBackoff, String error) {
        Long result = eval(
                FAIL,
                RScript.ReturnType.INTEGER,
                List.of(k("processing"), k("deadlines"), k("messages"), k("delayed"), k("dead")),
                id,
                maxAttempts,
                baseBackoff.toMillis(),
                maxBackoff.toMillis(),
                error == null ? "" : error);
        return result == null ? -1 : result;
    }

    /** Returns expired (dead worker) messages and due retries to the ready lists: {recovered, promoted}. */
    public long[] recover(Duration visibility) {
        List<Long> r = eval(
                RECOVER,
                RScript.ReturnType.MULTI,
                List.of(
                        k("ready:normal"),
                        k("processing"),
                        k("deadlines"),
                        k("delayed"),
                        k("ready:high"),
                        k("messages")),
                visibility.toMillis());
        return new long[] {r.get(0), r.get(1)};
    }

    /** All counts from one script: a consistent snapshot (a message is never seen in two states at once). */
    public Stats stats() {
        List<Long> c = eval(
                STATS,
                RScript.ReturnType.MULTI,
                List.of(k("ready:high"), k("ready:normal"), k("processing"), k("delayed"), k("dead")));
        return new Stats(queue, c.get(0), c.get(1), c.get(2), c.get(3), c.get(4));
    }

    /** Up to {@code limit} dead letters, newest first. */
    public List<Message> deadLetters(int limit) {
        List<String> ids =
                redisson.<String>getList(k("dead"), StringCodec.INSTANCE).range(0, limit - 1);
        Map<String, String> messages = redisson.<String, String>getMap(k("messages"), StringCodec.INSTANCE)
                .getAll(new java.util.HashSet<>(ids));
        List<Message> dead = new ArrayList<>();
        for (String id : ids) {
            dead.add(new Message(id, messages.get(id)));
        }
        return dead;
    }

    public boolean requeue(String id) {
        Long moved =
                eval(REQUEUE, RScript.ReturnType.INTEGER, List.of(k("dead"), k("ready:normal"), k("messages")), id);
        return moved != null && moved == 1L;
    }

    public long purgeDead() {
        Long purged = eval(PURGE, RScript.ReturnType.INTEGER, List.of(k("dead"), k("messages")));
        return purged == null ? 0 : purged;
    }

    private <R> R eval(String script, RScript.ReturnType type, List<Object> keyList, Object... args) {
        return redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, script, type, keyList, args);
    }

    String k(String part) {
        return keys.tagged(FEATURE, queue, part);
    }
}
