package io.redkit.redis;

/**
 * A redkit operation could not be done because Redis is unreachable, busy, out of memory or changing topology
 * (see {@link RedisOutages}); nothing was changed. In JAX-RS it becomes 503 problem+json with {@code Retry-After}
 *. The cause is Redisson's exception.
 */
public class RedisUnavailableException extends RuntimeException {

    /**
     * An outage.
     *
     * @param message what could not be done, and why
     * @param cause Redisson's exception
     */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What the client is told in the 503 problem's detail: the message, and what became of the change.
     *
     * @return the detail
     */
    public String detail() {
        return getMessage() + "; nothing was changed";
    }

    /**
     * {@code what} could not be done: the message says why, in the words of {@link RedisOutages#describe}.
     *
     * @param what what could not be done
     * @param cause Redisson's exception
     * @return the exception
     */
    public static RedisUnavailableException of(String what, Throwable cause) {
        String why = RedisOutages.classify(cause).map(RedisOutages::describe).orElse("Redis is unavailable");
        return new RedisUnavailableException(what + ": " + why, cause);
    }
}
