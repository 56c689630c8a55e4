package io.redkit.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.redkit.session.SessionUnavailableException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Servlet 6.1's sendRedirect overloads store the session before the container redirects, like sendRedirect(String).
 * The kit compiles against Servlet 6.0, so the overloads are called by reflection, as an EE 11 container's code
 * would call them, on a response that has the Servlet 6.1 method.
 */
class SessionResponseRedirectTest {

    /** The Servlet 6.1 method, for a Servlet 6.0 response to carry in this test. */
    public interface Servlet61 {
        void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException;
    }

    private final List<String> events = new ArrayList<>();

    /** The container's response: records the redirect and the body bytes that reach it. */
    private HttpServletResponse container() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                events.add("body:" + (char) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                events.add("body:" + new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}
        };
        return (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class, Servlet61.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendRedirect" -> {
                        events.add("redirect " + List.of(args));
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    case "getCharacterEncoding" -> "UTF-8";
                    case "isCommitted" -> false;
                    case "toString" -> "container response";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private SessionResponse response(SessionResponse.SessionCommit commit) {
        return new SessionResponse(container(), commit, 1024, () -> false);
    }

    private SessionResponse response() {
        return response(() -> events.add("commit"));
    }

    private static void call(SessionResponse response, Class<?>[] types, Object... args) throws Throwable {
        Method overload = SessionResponse.class.getMethod("sendRedirect", types);
        try {
            overload.invoke(response, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void sendRedirectWithStatus_CommitsTheSessionThenRedirectsWithoutTheHeldBody() throws Throwable {
        SessionResponse response = response();
        response.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
        call(response, new Class<?>[] {String.class, int.class}, "/next", 303);
        assertEquals(List.of("commit", "redirect [/next, 303, true]"), events);
    }

    @Test
    void sendRedirectKeepingTheBuffer_CommitsThenLetsTheBodyThroughBeforeTheRedirect() throws Throwable {
        SessionResponse response = response();
        response.getOutputStream().write("kept".getBytes(StandardCharsets.UTF_8));
        call(response, new Class<?>[] {String.class, boolean.class}, "/next", false);
        assertEquals(List.of("commit", "body:kept", "redirect [/next, 302, false]"), events);
    }

    @Test
    void sendRedirectThreeArguments_CommitsTheSessionFirst() throws Throwable {
        SessionResponse response = response();
        call(response, new Class<?>[] {String.class, int.class, boolean.class}, "/moved", 308, true);
        assertEquals(List.of("commit", "redirect [/moved, 308, true]"), events);
    }

    @Test
    void sendRedirectWithStatus_SessionCannotBeStored_NoRedirectLeaves() {
        SessionResponse response = response(() -> {
            throw new SessionUnavailableException("Redis is down", null);
        });
        Throwable failure = assertThrows(
                Throwable.class, () -> call(response, new Class<?>[] {String.class, int.class}, "/x", 303));
        assertInstanceOf(SessionUnavailableException.class, failure);
        assertEquals(List.of(), events, "the filter can still answer 503");
    }
}
