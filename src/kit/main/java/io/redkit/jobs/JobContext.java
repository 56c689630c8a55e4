package io.redkit.jobs;

import io.redkit.jobs.internal.JobRun;
import java.util.Optional;

/**
 * The cluster-singleton run on the current thread: its name, its fencing token, whether its lock is still held.
 * Inside a {@link ClusterSingleton @ClusterSingleton} method (and anything it calls on the same thread), {@link
 * #current()} returns the run; {@link #assertLocked()} lets a job, or a test, prove it really runs under the lock.
 *
 * <p>A context belongs to the thread running the job; its methods may be called from other threads (the lease keeper
 * calls {@link #onLockLost} callbacks on its own thread).
 *
 * <pre>{@code
 * @Schedule(minute = "*", hour = "*", persistent = false)
 * @ClusterSingleton(lockAtMostFor = "PT5M")
 * void summarize() {
 *     JobContext job = JobContext.assertLocked();
 *     store.save(summary(), job.fencingToken()); // a stale holder's write is refused
 * }
 * }</pre>
 */
public interface JobContext {

    /**
     * The run on this thread.
     *
     * @return the run, or empty when the thread is not inside a cluster-singleton job
     */
    static Optional<JobContext> current() {
        return JobRun.current();
    }

    /**
     * The run on this thread, for code that must only run under the job's lock.
     *
     * @return the run
     * @throws IllegalStateException when the caller is not inside a {@link ClusterSingleton @ClusterSingleton} method
     */
    static JobContext assertLocked() {
        return JobRun.assertLocked();
    }

    /**
     * The job's name, as {@link ClusterSingleton#name()} gives it (by default the bean class and method).
     *
     * @return the job's name
     */
    String name();

    /**
     * The fencing token of this run: strictly increasing per job across all nodes. Pass it to writes (see {@link
     * FencedWrites}) so that a resource can refuse a holder whose lock has since passed to another node.
     *
     * @return the token
     */
    long fencingToken();

    /**
     * When this run started.
     *
     * @return Redis server time, epoch milliseconds
     */
    long startedAt();

    /**
     * Whether the lock is still held as far as this node knows.
     *
     * @return false once a lease extension found the lock gone: another node may be running this job now
     */
    boolean lockValid();

    /**
     * Extends the lease now, for a job that knows it is about to block for a while.
     *
     * @return true if the lock is still held; false if it is gone (the run is then marked lost)
     * @throws RuntimeException a Redisson exception when Redis cannot be reached
     */
    boolean extend();

    /**
     * Runs {@code callback} once, on redkit's lease-keeper thread, when an extension of this run's lease finds the
     * lock gone (the run stalled past {@code lockAtMostFor}, or Redis lost the key): another node may run the job now,
     * so a long job can stop, or stop writing. Registered after the loss, it runs at once on the caller's thread. An
     * exception from the callback is logged, not thrown.
     *
     * @param callback what to run when the lock is lost
     */
    void onLockLost(Runnable callback);
}
