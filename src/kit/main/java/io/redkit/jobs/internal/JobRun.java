package io.redkit.jobs.internal;

import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.JobContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/** The {@link JobContext} of one cluster-singleton run, set on the running thread by {@link SingletonRunner}. */
public final class JobRun implements JobContext {

    private static final ThreadLocal<JobRun> CURRENT = new ThreadLocal<>();

    private final JobLease lease;
    private final List<Runnable> onLockLost = new CopyOnWriteArrayList<>();
    private volatile boolean lockLost;

    JobRun(JobLease lease) {
        this.lease = lease;
    }

    /** The run on this thread, if the thread is inside a cluster-singleton job. */
    public static Optional<JobContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The run on this thread; fails when the caller is not inside a cluster-singleton job. */
    public static JobContext assertLocked() {
        JobRun context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("Not running under a cluster-singleton lock: annotate the caller with @"
                    + ClusterSingleton.class.getSimpleName());
        }
        return context;
    }

    JobRun enter() {
        JobRun previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    static void restore(JobRun previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    @Override
    public String name() {
        return lease.name();
    }

    @Override
    public long fencingToken() {
        return lease.fencingToken();
    }

    @Override
    public long startedAt() {
        return lease.startedAt();
    }

    @Override
    public boolean lockValid() {
        return !lockLost;
    }

    @Override
    public boolean extend() {
        boolean held = lease.extend();
        if (!held) {
            markLost();
        }
        return held;
    }

    @Override
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
                    Logger.getLogger(JobContext.class.getName())
                            .warning("Job '" + name() + "': its lock-lost callback failed: " + e);
                }
            }
        }
    }

    JobLease lease() {
        return lease;
    }
}
