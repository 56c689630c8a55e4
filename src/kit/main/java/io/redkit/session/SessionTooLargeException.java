package io.redkit.session;

/** A session whose serialized attributes would exceed {@code redkit.session.max-bytes}; the value is not set. */
public class SessionTooLargeException extends SessionRefusedException {

    /**
     * A refused attribute.
     *
     * @param id the session id (not in the message)
     * @param attribute the attribute
     * @param size the size the session would have
     * @param max the limit
     */
    public SessionTooLargeException(String id, String attribute, int size, int max) {
        super("Session attribute '" + attribute + "' refused: the session would hold " + size + " bytes, over the limit"
                + " of " + max + " (redkit.session.max-bytes)");
    }

    @Override
    public int status() {
        return 413;
    }
}
