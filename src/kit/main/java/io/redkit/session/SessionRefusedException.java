package io.redkit.session;

/**
 * A session change redkit refuses to store, with the HTTP status the refusal answers (problem+json): the session
 * keeps its previous state. {@link SessionTooLargeException} (413), {@link TooManySessionsException} (409).
 */
public abstract class SessionRefusedException extends IllegalStateException {

    protected SessionRefusedException(String message) {
        super(message);
    }

    /** The HTTP status of the refusal. */
    public abstract int status();
}
