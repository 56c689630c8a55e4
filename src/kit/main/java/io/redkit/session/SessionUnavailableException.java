package io.redkit.session;

/** The session could not be read or written because Redis is unreachable: the request gets 503. */
public class SessionUnavailableException extends io.redkit.redis.RedisUnavailableException {

    /**
     * An outage met by the session.
     *
     * @param message what could not be done
     * @param cause Redisson's exception
     */
    public SessionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
