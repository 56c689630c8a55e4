package io.redkit.jobs;

import io.redkit.redis.RedkitKeys;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;

/**
 * The lease lock of cluster-singleton jobs, one Lua script (one round trip) per step. Not a Redisson {@code RLock}:
 * an RLock is reentrant per thread, so a pooled timer thread could re-enter a lock that {@code lockAtLeastFor}
 * keeps after the run, and its watchdog ties the lease to the JVM instead of the job's {@code lockAtMostFor}.
 *
 * <ul>
 *   <li>acquire: {@code SET lock owner NX PX lockAtMostFor}; on success {@code INCR} the job's fencing counter
 *       and record the start (Redis server time, so nodes' clocks do not matter); on failure count a skip.
 *   <li>extend: re-arm the lease, only while {@code owner} still holds it.
 *   <li>release: only by the owner; deletes the lock, or shortens it to what remains of {@code lockAtLeastFor};
 *       records the outcome and appends to the job's history.
 * </ul>
 *
 * All keys of one job share the hash tag {@code {name}}, so the scripts work on Redis Cluster.
 */
public final class JobLocks {

    static final String FEATURE = "jobs";

    private static final String ACQUIRE =
            """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              local fence = redis.call('INCR', KEYS[2])
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              redis.call('HSET', KEYS[3], 'name', ARGV[4], 'running', '1', 'lastStart', now,
                         'runningNode', ARGV[3], 'fence', fence)
              redis.call('PEXPIRE', KEYS[3], ARGV[5])
              return {fence, now}
            end
            redis.call('HSET', KEYS[3], 'name', ARGV[4])
            redis.call('HINCRBY', KEYS[3], 'skips', 1)
            redis.call('PEXPIRE', KEYS[3], ARGV[5])
            return false
            """;

    private static final String EXTEND =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;

    private static final String RELEASE =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local start = tonumber(ARGV[3])
            local held = redis.call('GET', KEYS[1]) == ARGV[1]
            if held then
              local remaining = start + tonumber(ARGV[2]) - now
              if remaining > 0 then redis.call('PEXPIRE', KEYS[1], remaining) else redis.call('DEL', KEYS[1]) end
            end
            redis.call('HSET', KEYS[2], 'running', '0', 'lastEnd', now, 'lastOutcome', ARGV[4],
                       'lastError', ARGV[5], 'lastNode', ARGV[6], 'lastDurationMillis', now - start)
            redis.call('HDEL', KEYS[2], 'runningNode')
            redis.call('HINCRBY', KEYS[2], 'runs', 1)
            if ARGV[4] ~= 'SUCCESS' then redis.call('HINCRBY', KEYS[2], 'failures', 1) end
            if not held then redis.call('HINCRBY', KEYS[2], 'lockLost', 1) end
            redis.call('PEXPIRE', KEYS[2], ARGV[9])
            local size = tonumber(ARGV[8])
            if size > 0 then
              redis.call('LPUSH', KEYS[3], cjson.encode({start = start, ['end'] = now, node = ARGV[6],
                outcome = ARGV[4], error = ARGV[5], fence = tonumber(ARGV[7]), lockLost = not held}))
              redis.call('LTRIM', KEYS[3], 0, size - 1)
              redis.call('PEXPIRE', KEYS[3], ARGV[9])
            end
            if held then return 1 end
            return 0
            """;

    private static final String REGISTER =
            "local added = redis.call('SADD', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) return added";

    /** How a run ended. */
    public enum Outcome {
        SUCCESS,
        FAILURE
    }

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final JobSettings settings;

    public JobLocks(RedissonClient redisson, RedkitKeys keys, JobSettings settings) {
        this.redisson = redisson;
        this.keys = keys;
        this.settings = settings;
    }

    /** Takes the job's lock if free; empty (and a skip counted) when another node holds it. */
    public Optional<JobLease> tryAcquire(JobLockConfig config) {
        String owner = settings.nodeName() + "/" + UUID.randomUUID();
        List<Long> result = redisson.getScript(LongCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        ACQUIRE,
                        RScript.ReturnType.MULTI,
                        List.of(lockKey(config.name()), fenceKey(config.name()), stateKey(config.name())),
                        owner,
                        config.lockAtMostFor().toMillis(),
                        settings.nodeName(),
                        config.name(),
                        settings.stateTtl().toMillis());
        if (result == null || result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobLease(this, config, owner, result.get(0), result.get(1)));
    }

    boolean extend(JobLease lease) {
        Long extended = redisson.getScript(LongCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        EXTEND,
                        RScript.ReturnType.INTEGER,
                        List.of(lockKey(lease.name())),
                        lease.owner(),
                        lease.config().lockAtMostFor().toMillis());
        return extended != null && extended == 1L;
    }

    boolean release(JobLease lease, Outcome outcome, String error) {
        String name = lease.name();
        Long held = redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        RELEASE,
                        RScript.ReturnType.INTEGER,
                        List.of(lockKey(name), stateKey(name), historyKey(name)),
                        lease.owner(),
                        lease.config().lockAtLeastFor().toMillis(),
                        lease.startedAt(),
                        outcome.name(),
                        error == null ? "" : error,
                        settings.nodeName(),
                        lease.fencingToken(),
                        settings.historySize(),
                        settings.stateTtl().toMillis());
        return held != null && held == 1L;
    }

    /**
     * Adds the job to the set listed by {@code GET /api/jobs}. The set's TTL is the state TTL, so callers re-register
     * periodically (the set is separate from the job's keys: a job's keys share a slot, the set cannot).
     */
    public void register(String name) {
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        REGISTER,
                        RScript.ReturnType.INTEGER,
                        List.of(namesKey()),
                        name,
                        settings.stateTtl().toMillis());
    }

    /** The latest fencing token issued for the job (0 if never locked). */
    public long currentFencingToken(String name) {
        Long token =
                redisson.<Long>getBucket(fenceKey(name), LongCodec.INSTANCE).get();
        return token == null ? 0 : token;
    }

    String lockKey(String name) {
        return keys.tagged(FEATURE, name, "lock");
    }

    /** The fencing counter has no TTL: a token must never go back, and it is one small integer per job. */
    String fenceKey(String name) {
        return keys.tagged(FEATURE, name, "fence");
    }

    String stateKey(String name) {
        return keys.tagged(FEATURE, name, "state");
    }

    String historyKey(String name) {
        return keys.tagged(FEATURE, name, "history");
    }

    String namesKey() {
        return keys.key(FEATURE, "names");
    }
}
