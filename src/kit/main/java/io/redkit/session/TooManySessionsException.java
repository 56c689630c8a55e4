package io.redkit.session;

/**
 * A login refused because its principal already has {@code redkit.session.principal.max-sessions} sessions and
 * {@code redkit.session.principal.when-full=refuse-new}: answered 409 problem+json; the session is not stored.
 */
public class TooManySessionsException extends SessionRefusedException {

    /**
     * A refused login.
     *
     * @param max the sessions a principal may have
     */
    public TooManySessionsException(int max) {
        super("Login refused: this user already has " + max + " sessions, the most allowed"
                + " (redkit.session.principal.max-sessions); end one of them first");
    }

    @Override
    public int status() {
        return 409;
    }
}
