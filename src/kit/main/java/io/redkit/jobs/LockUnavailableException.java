package io.redkit.jobs;

import java.time.Duration;

/** A distributed lock that could not be had within the wait time: another holder has it. Mapped to 409. */
public class LockUnavailableException extends RuntimeException {

    /** The lock that was not had. */
    private final String lockName;

    /**
     * A lock not had in time.
     *
     * @param lockName the lock
     * @param waited how long the caller waited
     */
    public LockUnavailableException(String lockName, Duration waited) {
        super("Lock '" + lockName + "' is held by another request or node"
                + (waited == null || waited.isZero() ? "" : " (waited " + waited.toMillis() + " ms)"));
        this.lockName = lockName;
    }

    /**
     * The lock that was not had.
     *
     * @return its name
     */
    public String lockName() {
        return lockName;
    }
}
