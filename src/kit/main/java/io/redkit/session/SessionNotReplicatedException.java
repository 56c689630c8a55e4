package io.redkit.session;

import java.time.Duration;

/**
 * A session commit reached the Redis master but fewer replicas than {@code redkit.session.wait-replicas} confirmed
 * it within {@code redkit.session.wait-timeout}: a failover now could lose it, so the request is not answered 2xx
 * (503 with {@code Retry-After}; sending it again is safe). Seen when a replica is down or lagging.
 */
public class SessionNotReplicatedException extends SessionUnavailableException {

    /**
     * A write that too few replicas confirmed.
     *
     * @param wanted replicas asked for
     * @param confirmed replicas that confirmed
     * @param timeout how long redkit waited
     */
    public SessionNotReplicatedException(int wanted, int confirmed, Duration timeout) {
        super(
                "The session was not confirmed by " + wanted + " replica(s) within " + timeout.toMillis() + " ms ("
                        + confirmed + " did; " + SessionSettings.WAIT_REPLICAS + "=" + wanted + ", "
                        + SessionSettings.WAIT_TIMEOUT + ")",
                null);
    }

    /** The change is on the master, unconfirmed by replicas: sending the request again writes it again. */
    @Override
    public String detail() {
        return getMessage() + "; the change reached the master only: sending the request again is safe";
    }
}
