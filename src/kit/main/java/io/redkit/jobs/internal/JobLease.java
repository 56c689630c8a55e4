package io.redkit.jobs.internal;

/**
 * A held job lock: who holds it ({@code owner}, unique per acquisition), its fencing token and when the run
 * started (Redis server time, epoch millis).
 */
public final class JobLease {

    private final JobLocks locks;
    private final JobLockConfig config;
    private final String owner;
    private final long fencingToken;
    private final long startedAt;
    private final long tick;

    JobLease(JobLocks locks, JobLockConfig config, String owner, long fencingToken, long startedAt, long tick) {
        this.locks = locks;
        this.config = config;
        this.owner = owner;
        this.fencingToken = fencingToken;
        this.startedAt = startedAt;
        this.tick = tick;
    }

    /** The scheduled time (epoch millis) of the tick this run is for; 0 when it is not a scheduled tick. */
    public long tick() {
        return tick;
    }

    public String name() {
        return config.name();
    }

    public JobLockConfig config() {
        return config;
    }

    String owner() {
        return owner;
    }

    /** Strictly increasing per job across all nodes: a resource that saw a higher token refuses this holder. */
    public long fencingToken() {
        return fencingToken;
    }

    public long startedAt() {
        return startedAt;
    }

    /** Re-arms the lease to {@code lockAtMostFor} from now; false when the lock was lost (expired, taken). */
    public boolean extend() {
        return locks.extend(this);
    }

    /** Releases the lock (keeping it until {@code lockAtLeastFor} has passed) and records the run; false if lost. */
    public boolean release(JobLocks.Outcome outcome, String error) {
        return locks.release(this, outcome, error);
    }
}
