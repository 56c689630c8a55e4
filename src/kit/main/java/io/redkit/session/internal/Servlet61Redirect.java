package io.redkit.session.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Calls Servlet 6.1's {@code sendRedirect(String, int, boolean)} on a response while the kit is compiled against
 * Servlet 6.0: the interface method when the server's API has it (EE 11), else a public method of that name on the
 * response's own class. Looked up once per response class.
 */
final class Servlet61Redirect {

    private static final MethodType TYPE = MethodType.methodType(void.class, String.class, int.class, boolean.class);

    private static final ClassValue<Optional<MethodHandle>> HANDLES = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            return find(type);
        }
    };

    private Servlet61Redirect() {}

    static void send(HttpServletResponse response, String location, int sc, boolean clearBuffer) throws IOException {
        MethodHandle handle = HANDLES.get(response.getClass())
                .orElseThrow(() -> new UnsupportedOperationException(
                        "sendRedirect(String, int, boolean) is Servlet 6.1;" + " this server's response "
                                + response.getClass().getName() + " does not have it"));
        try {
            handle.invoke(response, location, sc, clearBuffer);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(
                    "sendRedirect(" + location + ", " + sc + ", " + clearBuffer + ") failed", e);
        }
    }

    private static Optional<MethodHandle> find(Class<?> type) {
        try {
            return Optional.of(
                    MethodHandles.publicLookup().findVirtual(HttpServletResponse.class, "sendRedirect", TYPE));
        } catch (NoSuchMethodException | IllegalAccessException servlet60) {
            try {
                Method method = type.getMethod("sendRedirect", String.class, int.class, boolean.class);
                return Modifier.isPublic(method.getDeclaringClass().getModifiers())
                        ? Optional.of(MethodHandles.publicLookup().unreflect(method))
                        : Optional.empty();
            } catch (NoSuchMethodException | IllegalAccessException none) {
                return Optional.empty();
            }
        }
    }
}
