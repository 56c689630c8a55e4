package io.redkit.session;

/**
 * A new session refused because its client created {@code redkit.session.creation-limit} sessions already: answered
 * 429 problem+json with {@code Retry-After}; nothing is stored. Requests of the client's existing sessions, and
 * requests that need no session, go on as before.
 */
public class TooManyNewSessionsException extends SessionRefusedException {

    /** Seconds until the client may create a session again. */
    private final long retryAfterSeconds;

    /**
     * A refused new session.
     *
     * @param retryAfterSeconds seconds until the client may create one again
     */
    public TooManyNewSessionsException(long retryAfterSeconds) {
        super("New session refused: this client created too many sessions recently (" + SessionSettings.CREATION_LIMIT
                + "); retry in " + retryAfterSeconds + " s, or keep using the session you have");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int status() {
        return 429;
    }

    /**
     * Seconds until the client may create a session again.
     *
     * @return the seconds
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
