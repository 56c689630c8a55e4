package io.redkit.app.faces;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** The clicks on one rendering of {@code clicks.xhtml} (a Faces view): gone with a new GET of the page. */
@Named
@ViewScoped
public class ViewClicks implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    SessionClicks session;

    private int count;

    public int getCount() {
        return count;
    }

    /** The page's button: one more click in this view and in the session. */
    public void add() {
        count++;
        session.add();
    }
}
