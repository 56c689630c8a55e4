package io.redkit.cache;

import io.redkit.redis.internal.LuaScript;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The Redis side of one cache: a hash of serialized key to serialized value and a sorted set of expiry times (Redis
 * server clock, milliseconds). Every operation is one Lua script, so it is atomic and costs one round trip; an entry
 * whose expiry time has passed is treated as absent and deleted by whichever script meets it first (plus a small
 * sweep on every write). Both keys share a Cluster hash tag.
 *
 * <p>A bounded cache (see {@link CacheSettings.Bound}) also keeps the recency of each entry in a fourth key, {@code <tag>:a},
 * updated by every read that finds the entry and by every write; the commit script evicts the least recently used
 * entries (exactly, from a sorted set, or by sampling, from a hash) until the cache holds at most its bound, announces
 * them to near caches like any other change and reports how many it evicted.
 */
final class CacheStore {

    static final int ABSENT = 0;
    static final int PRESENT = 1;
    static final int EXPIRED = 2;

    /** TTL codes: keep the entry's current expiry; never expire; any value &ge; 0 is milliseconds from now. */
    static final long KEEP = -2;

    static final long ETERNAL = -1;

    enum Expect {
        ANY("*"),
        ABSENT("A"),
        VALUE("V");

        final String code;

        Expect(String code) {
            this.code = code;
        }
    }

    enum Op {
        PUT("P"),
        /**
         * Put whether or not the entry exists, in one step: {@code ttl} applies to a new entry, the TTL in
         * {@code expected} (ASCII digits, see {@link #upsertEither}) to an existing one; the expectation must be
         * {@link Expect#ANY}.
         */
        UPSERT("U"),
        DELETE("D"),
        TOUCH("T"),
        NONE("N");

        final String code;

        Op(String code) {
            this.code = code;
        }
    }

    /** An entry as read: state, value, and the milliseconds it has left in Redis (-1: no expiry). */
    record Slot(int state, byte[] value, long remainingMillis) {
        Slot(int state, byte[] value) {
            this(state, value, -1);
        }

        boolean present() {
            return state == PRESENT;
        }
    }

    /** The slots of one read, and the cache's change sequence when they were read (0 after a reset of Redis). */
    record Read(long sequence, List<Slot> slots) {}

    /** One conditional change: applied only if every change's expectation holds (all or nothing). */
    record Change(byte[] field, Expect expect, byte[] expected, Op op, byte[] value, long ttl) {}

    /**
     * Put {@code value} without reading first: {@code creationTtl} if the entry is absent (or expired),
     * {@code updateTtl} if it exists (either may be {@link #KEEP}, {@link #ETERNAL} or milliseconds).
     */
    static Change upsertEither(byte[] field, byte[] value, long creationTtl, long updateTtl) {
        return new Change(field, Expect.ANY, ascii(updateTtl), Op.UPSERT, value, creationTtl);
    }

    record Page(String cursor, List<byte[][]> entries) {}

    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

    private static final String SWEEP =
            "local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 16)\n"
                    + "for _, f in ipairs(old) do drop(f); changed[#changed + 1] = f end\n";

    /**
     * Every change is announced to near caches: the sequence (KEYS[3]) moves by one and the changed fields are
     * published on the cache's invalidation channel as {@code <sequence>|<length>:<field>...}, or
     * {@code <sequence>|*} for "everything".
     */
    private static final String ANNOUNCE = "local function announce(fields, all)\n"
            + "  local s = redis.call('INCR', KEYS[3])\n"
            + "  local parts = {tostring(s), '|'}\n"
            + "  if all then parts[#parts + 1] = '*'\n"
            + "  else for _, f in ipairs(fields) do parts[#parts + 1] = #f .. ':' .. f end end\n"
            + "  redis.call('PUBLISH', string.sub(KEYS[3], 1, -2) .. 'n', table.concat(parts))\n"
            + "end\n";

    private static final String SET_TTL = "local function setttl(f, ttl)\n"
            + "  if ttl == -1 then redis.call('ZREM', KEYS[2], f)\n"
            + "  elseif ttl >= 0 then redis.call('ZADD', KEYS[2], now + ttl, f) end\n"
            + "end\n";

    /**
     * ARGV[1] = TTL applied to entries found (access expiry), ARGV[2..] = fields. Returns the change sequence, then
     * state, value, milliseconds left (-1: eternal) per field.
     */
    private static final String READ_BODY = "local touch = tonumber(ARGV[1])\n"
            + "local out = {tonumber(redis.call('GET', KEYS[3]) or '0')}\n"
            + "for i = 2, #ARGV do\n"
            + "  local f = ARGV[i]\n"
            + "  local v = redis.call('HGET', KEYS[1], f)\n"
            + "  if v then\n"
            + "    local e = redis.call('ZSCORE', KEYS[2], f)\n"
            + "    if e and tonumber(e) <= now then\n"
            + "      drop(f)\n"
            + "      out[#out + 1] = 2; out[#out + 1] = v; out[#out + 1] = 0\n"
            + "    else\n"
            + "      if touch == 0 then drop(f)\n"
            + "      else setttl(f, touch); used(f) end\n"
            + "      local left = redis.call('ZSCORE', KEYS[2], f)\n"
            + "      out[#out + 1] = 1; out[#out + 1] = v; out[#out + 1] = left and (tonumber(left) - now) or -1\n"
            + "    end\n"
            + "  else\n"
            + "    out[#out + 1] = 0; out[#out + 1] = ''; out[#out + 1] = 0\n"
            + "  end\n"
            + "end\n"
            + "return out";

    /**
     * ARGV = groups of (field, expect, expected, op, value, ttl). Returns 0, the 1-based index of the change whose
     * expectation failed, or minus the number of entries evicted to keep the bound.
     */
    private static final String COMMIT_BODY = "local changed = {}\n"
            + "local n = #ARGV / 6\n"
            + "for i = 0, n - 1 do\n"
            + "  local b = i * 6\n"
            + "  local mode = ARGV[b + 2]\n"
            + "  if mode ~= '*' then\n"
            + "    local f = ARGV[b + 1]\n"
            + "    local v = redis.call('HGET', KEYS[1], f)\n"
            + "    if v then\n"
            + "      local e = redis.call('ZSCORE', KEYS[2], f)\n"
            + "      if e and tonumber(e) <= now then drop(f); v = false end\n"
            + "    end\n"
            + "    if mode == 'A' then\n"
            + "      if v then return i + 1 end\n"
            + "    elseif v ~= ARGV[b + 3] then return i + 1 end\n"
            + "  end\n"
            + "end\n"
            + "for i = 0, n - 1 do\n"
            + "  local b = i * 6\n"
            + "  local f, op, ttl = ARGV[b + 1], ARGV[b + 4], tonumber(ARGV[b + 6])\n"
            + "  if op == 'P' then\n"
            + "    if ttl == 0 then drop(f)\n"
            + "    else redis.call('HSET', KEYS[1], f, ARGV[b + 5]); setttl(f, ttl); used(f) end\n"
            + "    changed[#changed + 1] = f\n"
            + "  elseif op == 'U' then\n"
            + "    local here = redis.call('HEXISTS', KEYS[1], f) == 1\n"
            + "    if here then\n"
            + "      local e = redis.call('ZSCORE', KEYS[2], f)\n"
            + "      if e and tonumber(e) <= now then drop(f); here = false end\n"
            + "    end\n"
            + "    if here then ttl = tonumber(ARGV[b + 3]) end\n"
            + "    if ttl == 0 then drop(f)\n"
            + "    else redis.call('HSET', KEYS[1], f, ARGV[b + 5]); setttl(f, ttl); used(f) end\n"
            + "    changed[#changed + 1] = f\n"
            + "  elseif op == 'D' then\n"
            + "    drop(f); changed[#changed + 1] = f\n"
            + "  elseif op == 'T' and redis.call('HEXISTS', KEYS[1], f) == 1 then\n"
            + "    if ttl == 0 then drop(f)\n"
            + "    else setttl(f, ttl); used(f) end\n"
            + "    changed[#changed + 1] = f\n"
            + "  end\n"
            + "end\n"
            + SWEEP
            + "local evicted = evict(changed)\n"
            + "if #changed > 0 then announce(changed, false) end\n"
            + "return -evicted";

    private static final String SIZE_BODY = "while true do\n"
            + "  local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 512)\n"
            + "  if #old == 0 then break end\n"
            + "  for _, f in ipairs(old) do drop(f) end\n"
            + "end\n"
            + "return redis.call('HLEN', KEYS[1])";

    /** ARGV[1] = cursor, ARGV[2] = count. Returns cursor, then field, value pairs of live entries. */
    private static final String SCAN = NOW
            + "local r = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', tonumber(ARGV[2]))\n"
            + "local out = {r[1]}\n"
            + "local kv = r[2]\n"
            + "for i = 1, #kv, 2 do\n"
            + "  local e = redis.call('ZSCORE', KEYS[2], kv[i])\n"
            + "  if not (e and tonumber(e) <= now) then out[#out + 1] = kv[i]; out[#out + 1] = kv[i + 1] end\n"
            + "end\n"
            + "return out";

    /** An unbounded cache: an entry leaves its hash and its expiry; no recency is kept and nothing is evicted. */
    private static final String UNBOUNDED = "local function drop(f)\n"
            + "  redis.call('HDEL', KEYS[1], f); redis.call('ZREM', KEYS[2], f)\n"
            + "end\n"
            + "local function used(f) end\n"
            + "local function evict(changed) return 0 end\n";

    /**
     * A bounded cache's recency and eviction, after its strategy ({@link #LRU} or {@link #SAMPLED}). Recency is the
     * Redis server's clock in microseconds, passed as digits (a Lua number would reach Redis with 14 significant
     * digits). Entries without recency (written while the cache was unbounded) are the coldest and go first; then
     * {@code victim()} names the least recently used (LRU) or the oldest of a sample (SAMPLED). Every entry evicted
     * joins {@code changed}, so near caches drop it too.
     */
    private static final String BOUNDED = "local function drop(f)\n"
            + "  local gone = redis.call('HDEL', KEYS[1], f); redis.call('ZREM', KEYS[2], f); forget(f)\n"
            + "  return gone\n"
            + "end\n"
            + "local function evict(changed)\n"
            + "  local over = redis.call('HLEN', KEYS[1]) - max\n"
            + "  if over <= 0 then return 0 end\n"
            + "  local evicted = 0\n"
            + "  local tries = 0\n"
            + "  while over > 0 and tries < 4 and tracked() < redis.call('HLEN', KEYS[1]) do\n"
            + "    tries = tries + 1\n"
            + "    for _, f in ipairs(redis.call('HRANDFIELD', KEYS[1], 16)) do\n"
            + "      if over > 0 and not recency(f) then\n"
            + "        drop(f); changed[#changed + 1] = f; evicted = evicted + 1; over = over - 1\n"
            + "      end\n"
            + "    end\n"
            + "  end\n"
            + "  while over > 0 do\n"
            + "    local f = victim()\n"
            + "    if not f then break end\n"
            + "    if drop(f) == 1 then changed[#changed + 1] = f; evicted = evicted + 1; over = over - 1 end\n"
            + "  end\n"
            + "  return evicted\n"
            + "end\n";

    /** {@code %1$d}: the bound. */
    private static final String BOUND =
            "local max = %1$d\n" + "local clock = t[1] .. string.format('%%06d', tonumber(t[2]))\n";

    private static final String LRU = "local function used(f) redis.call('ZADD', KEYS[4], clock, f) end\n"
            + "local function forget(f) redis.call('ZREM', KEYS[4], f) end\n"
            + "local function recency(f) return redis.call('ZSCORE', KEYS[4], f) end\n"
            + "local function tracked() return redis.call('ZCARD', KEYS[4]) end\n"
            + "local function victim()\n"
            + "  local p = redis.call('ZPOPMIN', KEYS[4])\n"
            + "  return p[1]\n"
            + "end\n";

    private static final String SAMPLED = "local function used(f) redis.call('HSET', KEYS[4], f, clock) end\n"
            + "local function forget(f) redis.call('HDEL', KEYS[4], f) end\n"
            + "local function recency(f) return redis.call('HGET', KEYS[4], f) end\n"
            + "local function tracked() return redis.call('HLEN', KEYS[4]) end\n"
            + "local function victim()\n"
            + "  local s = redis.call('HRANDFIELD', KEYS[4], 5, 'WITHVALUES')\n"
            + "  local oldest, at = nil, nil\n"
            + "  for i = 1, #s, 2 do\n"
            + "    local when = tonumber(s[i + 1])\n"
            + "    if not at or when < at then oldest, at = s[i], when end\n"
            + "  end\n"
            + "  if oldest then redis.call('HDEL', KEYS[4], oldest) end\n"
            + "  return oldest\n"
            + "end\n";

    private static final byte[] EMPTY = new byte[0];

    private static final String CLEAR = ANNOUNCE + "redis.call('DEL', KEYS[1], KEYS[2])\n"
            + "if KEYS[4] then redis.call('DEL', KEYS[4]) end\n"
            + "announce(nil, true)\nreturn 0";

    private final java.util.function.Supplier<RedissonClient> redisson;
    private final List<Object> keys;
    private final String dataKey;
    private final String channel;
    private final java.util.function.LongConsumer evicted;
    private final LuaScript readScript;
    private final LuaScript commitScript;
    private final LuaScript sizeScript;

    /** An unbounded cache. {@code tag}: the cache's key stem with its Cluster hash tag; the keys are {@code <tag>:d|x|s}. */
    CacheStore(java.util.function.Supplier<RedissonClient> redisson, String tag) {
        this(redisson, tag, null, n -> {});
    }

    /**
     * A cache held to {@code bound} (null: unbounded), which then also keeps {@code <tag>:a}; {@code evicted} hears how
     * many entries each write evicted.
     */
    CacheStore(
            java.util.function.Supplier<RedissonClient> redisson,
            String tag,
            CacheSettings.Bound bound,
            java.util.function.LongConsumer evicted) {
        this.redisson = redisson;
        this.dataKey = tag + ":d";
        this.keys = bound == null
                ? List.of(dataKey, tag + ":x", tag + ":s")
                : List.of(dataKey, tag + ":x", tag + ":s", tag + ":a");
        this.channel = tag + ":n";
        this.evicted = evicted;
        String prelude = bound == null
                ? NOW + UNBOUNDED + SET_TTL
                : NOW
                        + String.format(java.util.Locale.ROOT, BOUND, bound.maxEntries())
                        + (bound.eviction() == CacheSettings.Eviction.LRU ? LRU : SAMPLED)
                        + BOUNDED
                        + SET_TTL;
        this.readScript = new LuaScript(prelude + READ_BODY);
        this.commitScript = new LuaScript(prelude + ANNOUNCE + COMMIT_BODY);
        this.sizeScript = new LuaScript(prelude + SIZE_BODY);
    }

    /** The key of this cache's change sequence (see {@link NearCache}). */
    String sequenceKey() {
        return (String) keys.get(2);
    }

    /** The pub/sub channel on which every change of this cache is announced (see {@link NearCache}). */
    String invalidationChannel() {
        return channel;
    }

    private RScript script() {
        return redisson.get().getScript(ByteArrayCodec.INSTANCE);
    }

    String dataKey() {
        return dataKey;
    }

    List<Slot> read(List<byte[]> fields, long touchTtl) {
        return readWithSequence(fields, touchTtl).slots();
    }

    Read readWithSequence(List<byte[]> fields, long touchTtl) {
        Object[] args = new Object[fields.size() + 1];
        args[0] = ascii(touchTtl);
        for (int i = 0; i < fields.size(); i++) {
            args[i + 1] = fields.get(i);
        }
        List<Object> reply = readScript.eval(script(), RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, keys, args);
        List<Slot> slots = new ArrayList<>(fields.size());
        for (int i = 1; i + 2 < reply.size(); i += 3) {
            int state = ((Number) reply.get(i)).intValue();
            slots.add(new Slot(
                    state,
                    state == ABSENT ? null : (byte[]) reply.get(i + 1),
                    ((Number) reply.get(i + 2)).longValue()));
        }
        return new Read(((Number) reply.get(0)).longValue(), slots);
    }

    Slot read(byte[] field, long touchTtl) {
        return read(List.of(field), touchTtl).get(0);
    }

    /** Applies every change, or none: returns -1 on success, else the index of the change whose expectation failed. */
    int commit(List<Change> changes) {
        if (changes.isEmpty()) {
            return -1;
        }
        Object[] args = new Object[changes.size() * 6];
        int i = 0;
        for (Change c : changes) {
            args[i++] = c.field();
            args[i++] = ascii(c.expect().code);
            args[i++] = c.expected() == null ? EMPTY : c.expected();
            args[i++] = ascii(c.op().code);
            args[i++] = c.value() == null ? EMPTY : c.value();
            args[i++] = ascii(c.ttl());
        }
        Long failed = commitScript.eval(script(), RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, keys, args);
        if (failed < 0) {
            evicted.accept(-failed);
        }
        return failed <= 0 ? -1 : (int) (failed - 1);
    }

    boolean commit(Change change) {
        return commit(List.of(change)) < 0;
    }

    long size() {
        Long size = sizeScript.eval(script(), RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, keys);
        return size;
    }

    Page scan(String cursor, int count) {
        List<Object> reply = script().eval(
                        dataKey,
                        RScript.Mode.READ_WRITE,
                        SCAN,
                        RScript.ReturnType.MULTI,
                        keys,
                        ascii(cursor),
                        ascii(count));
        List<byte[][]> entries = new ArrayList<>(reply.size() / 2);
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            entries.add(new byte[][] {(byte[]) reply.get(i), (byte[]) reply.get(i + 1)});
        }
        Object next = reply.get(0);
        String nextCursor = next instanceof byte[] bytes
                ? new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)
                : String.valueOf(next);
        return new Page(nextCursor, entries);
    }

    /** Removes every entry, and tells near caches to drop theirs. */
    void clear() {
        script().eval(dataKey, RScript.Mode.READ_WRITE, CLEAR, RScript.ReturnType.INTEGER, keys);
    }

    private static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
