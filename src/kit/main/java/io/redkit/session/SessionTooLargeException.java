package io.redkit.session;

/** A session whose serialized attributes would exceed {@code redkit.session.max-bytes}; the value is not set. */
public class SessionTooLargeException extends SessionRefusedException {

    public SessionTooLargeException(String id, String attribute, int size, int max) {
        super("Session attribute '" + attribute + "' refused: the session would hold " + size + " bytes, over the limit"
                + " of " + max + " (redkit.session.max-bytes)");
    }

    @Override
    public int status() {
        return 413;
    }
}
