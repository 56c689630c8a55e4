package io.redkit.session;

/**
 * A session change redkit refuses to store, with the HTTP status the refusal answers (problem+json): the session
 * keeps its previous state. {@link SessionTooLargeException} (413), {@link TooManySessionsException} (409).
 */
public abstract class SessionRefusedException extends IllegalStateException {

    /**
     * A refusal.
     *
     * @param message why, for the problem detail
     */
    protected SessionRefusedException(String message) {
        super(message);
    }

    /**
     * The HTTP status of the refusal.
     *
     * @return the status
     */
    public abstract int status();
}
