package io.redkit.jobs;

import java.time.Duration;

/** A distributed lock that could not be had within the wait time: another holder has it. Mapped to 409. */
public class LockUnavailableException extends RuntimeException {

    private final String lockName;

    public LockUnavailableException(String lockName, Duration waited) {
        super("Lock '" + lockName + "' is held by another request or node"
                + (waited == null || waited.isZero() ? "" : " (waited " + waited.toMillis() + " ms)"));
        this.lockName = lockName;
    }

    public String lockName() {
        return lockName;
    }
}
