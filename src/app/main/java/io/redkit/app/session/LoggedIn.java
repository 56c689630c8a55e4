package io.redkit.app.session;

import jakarta.servlet.http.HttpSession;

/** CDI event fired by {@code POST /api/session/login} once the user is in the session (e.g. to merge a cart). */
public record LoggedIn(String user, HttpSession session) {}
