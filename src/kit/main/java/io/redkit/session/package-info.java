/**
 * Sessions in Redis: {@code HttpSession}, {@code @SessionScoped} beans and Faces state are stored in Redis by a servlet
 * filter once {@code redkit.session.enabled=true}; applications touch only {@link io.redkit.session.PrincipalSessions}
 * (a user's sessions, listed and ended), the {@link io.redkit.session.SessionSettings} and the exceptions a session
 * write can end with. See {@code docs/sessions.md}.
 */
package io.redkit.session;
