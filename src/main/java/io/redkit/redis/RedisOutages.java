package io.redkit.redis;

import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;

/** Tells an unreachable or too slow Redis apart from other failures, for the features' outage policies. */
public final class RedisOutages {

    private RedisOutages() {}

    /** True when the exception, or one of its causes, means Redis could not be reached in time. */
    public static boolean isOutage(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException
                    || t instanceof RedisTimeoutException
                    || t instanceof RedisRetryException) {
                return true;
            }
        }
        return false;
    }
}
