package io.redkit.app.faces;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** This node's clicks on the Faces page, all visitors together (an application-scoped bean the session beans use). */
@ApplicationScoped
public class ClickTotals {

    private final AtomicLong clicks = new AtomicLong();

    long add() {
        return clicks.incrementAndGet();
    }
}
