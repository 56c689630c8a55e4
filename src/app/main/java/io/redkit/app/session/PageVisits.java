package io.redkit.app.session;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;

/**
 * A visitor's page count in a {@code @SessionScoped} bean, changed in place: in the Redis session under {@code
 * /api/session/visits}, in Payara's own session under {@code /api/session-native/visits} (the benchmark's baseline).
 */
@SessionScoped
public class PageVisits implements Serializable {

    private static final long serialVersionUID = 1L;

    private int count;

    int next() {
        return ++count;
    }
}
