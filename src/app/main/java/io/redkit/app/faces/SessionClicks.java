package io.redkit.app.faces;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * A visitor's clicks on {@code clicks.xhtml} for the whole session: a {@code @SessionScoped} bean changed in place,
 * kept in the Redis session by redkit, so the count goes on whichever node serves the next click. It holds a
 * reference to an application-scoped bean, as session beans do: that is serialized as the container's proxy.
 */
@Named
@SessionScoped
public class SessionClicks implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ClickTotals totals;

    private int count;

    public int getCount() {
        return count;
    }

    void add() {
        count++;
        totals.add();
    }
}
