package io.redkit.jobs;

import java.util.Optional;

/**
 * The cluster-singleton run on the current thread: its name, its fencing token, whether its lock is still held.
 * {@link #assertLocked()} lets a job (or a test) prove it really runs under the lock.
 */
public final class JobContext {

    private static final ThreadLocal<JobContext> CURRENT = new ThreadLocal<>();

    private final JobLease lease;
    private volatile boolean lockLost;

    JobContext(JobLease lease) {
        this.lease = lease;
    }

    /** The run on this thread, if the thread is inside a cluster-singleton job. */
    public static Optional<JobContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The run on this thread; fails when the caller is not inside a cluster-singleton job. */
    public static JobContext assertLocked() {
        JobContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("Not running under a cluster-singleton lock: annotate the caller with"
                    + " @ClusterSingleton or call it through SingletonRunner.run");
        }
        return context;
    }

    JobContext enter() {
        JobContext previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    static void restore(JobContext previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    public String name() {
        return lease.name();
    }

    /** Strictly increasing per job across all nodes; pass it to writes so a resource can refuse a stale holder. */
    public long fencingToken() {
        return lease.fencingToken();
    }

    /** Start of this run, Redis server time in epoch millis. */
    public long startedAt() {
        return lease.startedAt();
    }

    /** False once a lease extension found the lock gone: another node may be running this job now. */
    public boolean lockValid() {
        return !lockLost;
    }

    /** Extends the lease now, for a job that knows it is about to block; false (and marked lost) if it is gone. */
    public boolean extend() {
        boolean held = lease.extend();
        if (!held) {
            markLost();
        }
        return held;
    }

    private final java.util.List<Runnable> onLockLost = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Runs {@code callback} once, on redkit's lease-keeper thread, when an extension of this run's lease finds the
     * lock gone (the run stalled past {@code lockAtMostFor}, or Redis lost the key): another node may run the job
     * now, so a long job can stop, or stop writing. Registered after the loss, it runs at once on the caller's thread.
     */
    public void onLockLost(Runnable callback) {
        onLockLost.add(callback);
        if (lockLost && onLockLost.remove(callback)) {
            callback.run();
        }
    }

    void markLost() {
        lockLost = true;
        for (Runnable callback : onLockLost) {
            if (onLockLost.remove(callback)) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    java.util.logging.Logger.getLogger(JobContext.class.getName())
                            .warning("Job '" + name() + "': its lock-lost callback failed: " + e);
                }
            }
        }
    }

    JobLease lease() {
        return lease;
    }
}
