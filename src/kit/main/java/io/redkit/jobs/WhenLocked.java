package io.redkit.jobs;

/**
 * What a cluster-singleton call does when another node holds the job's lock ({@code @ClusterSingleton(whenLocked)},
 * {@code redkit.jobs.<name>.when-locked}).
 */
public enum WhenLocked {
    /** Return at once without running ({@code null}); counted as {@code skipped}. The default. */
    SKIP,
    /**
     * Try again until the lock is free or {@code waitFor} has passed, then run, or skip as {@link #SKIP}; a scheduled
     * tick that ran elsewhere meanwhile is not run again.
     */
    WAIT,
    /** Throw {@link LockUnavailableException} (409 in JAX-RS); counted as {@code locked}. */
    FAIL
}
