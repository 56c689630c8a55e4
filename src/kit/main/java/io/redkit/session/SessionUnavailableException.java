package io.redkit.session;

/** The session could not be read or written because Redis is unreachable: the request gets 503. */
public class SessionUnavailableException extends io.redkit.redis.RedisUnavailableException {

    public SessionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
