package io.redkit.jobs.internal;

import io.redkit.jobs.JobSettings;
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
 *   <li>acquire, for a scheduled tick: refused when a tick scheduled at the same time or later already started on
 *       any node ({@code lastTick}), whatever the lock says: a timer that fires late cannot run its tick again.
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
            local tick = tonumber(ARGV[6])
            if tick > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= tick then
              redis.call('HSET', KEYS[3], 'name', ARGV[4])
              redis.call('HINCRBY', KEYS[3], 'tickSkips', 1)
              redis.call('PEXPIRE', KEYS[3], ARGV[5])
              return {0, 0}
            end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              local fence = redis.call('INCR', KEYS[2])
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              redis.call('HSET', KEYS[3], 'name', ARGV[4], 'running', '1', 'lastStart', now,
                         'runningNode', ARGV[3], 'fence', fence)
              redis.call('PEXPIRE', KEYS[3], ARGV[5])
              if tick > 0 then
                redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[5])
                redis.call('HSET', KEYS[3], 'lastTick', ARGV[6])
              end
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
                outcome = ARGV[4], error = ARGV[5], fence = tonumber(ARGV[7]), lockLost = not held,
                tick = tonumber(ARGV[10])}))
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

    /** What {@link #tryAcquire(JobLockConfig, long)} found. */
    public sealed interface Acquisition {
        /** The lock is this node's for the run. */
        record Acquired(JobLease lease) implements Acquisition {}

        /** Another node holds the lock. */
        record HeldElsewhere() implements Acquisition {}

        /** This scheduled tick (or a later one) already started on some node. */
        record TickAlreadyRan() implements Acquisition {}
    }

    /** Takes the job's lock if free; empty (and a skip counted) when another node holds it. */
    public Optional<JobLease> tryAcquire(JobLockConfig config) {
        return tryAcquire(config, 0) instanceof Acquisition.Acquired acquired
                ? Optional.of(acquired.lease())
                : Optional.empty();
    }

    /**
     * Takes the job's lock for the tick scheduled at {@code tick} (epoch millis; 0: not a scheduled tick). A tick
     * runs at most once across all nodes: ticks are compared by their scheduled time, not by when timers fire.
     */
    public Acquisition tryAcquire(JobLockConfig config, long tick) {
        String owner = settings.nodeName() + "/" + UUID.randomUUID();
        List<Long> result = redisson.getScript(LongCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        ACQUIRE,
                        RScript.ReturnType.MULTI,
                        List.of(
                                lockKey(config.name()),
                                fenceKey(config.name()),
                                stateKey(config.name()),
                                tickKey(config.name())),
                        owner,
                        config.lockAtMostFor().toMillis(),
                        settings.nodeName(),
                        config.name(),
                        settings.stateTtl().toMillis(),
                        Math.max(0, tick));
        if (result == null || result.isEmpty()) {
            return new Acquisition.HeldElsewhere();
        }
        if (result.get(0) == 0L) {
            return new Acquisition.TickAlreadyRan();
        }
        return new Acquisition.Acquired(new JobLease(this, config, owner, result.get(0), result.get(1), tick));
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
                        settings.stateTtl().toMillis(),
                        lease.tick());
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

    public String stateKey(String name) {
        return keys.tagged(FEATURE, name, "state");
    }

    /** The scheduled time of the latest tick that started, on any node. */
    String tickKey(String name) {
        return keys.tagged(FEATURE, name, "tick");
    }

    public String historyKey(String name) {
        return keys.tagged(FEATURE, name, "history");
    }

    public String namesKey() {
        return keys.key(FEATURE, "names");
    }
}
