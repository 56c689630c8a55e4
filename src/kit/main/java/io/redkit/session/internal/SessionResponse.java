package io.redkit.session.internal;

import io.redkit.session.SessionUnavailableException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Holds the response body back until the session is in Redis, so that no byte of an answer leaves before the
 * session changes it acknowledges are stored: "a 2xx means the write is stored".
 *
 * <p>The body is buffered in memory up to {@code bufferLimit} bytes ({@code redkit.session.response-buffer}). The
 * session is committed, and the held bytes are released, when the filter chain returns, before a redirect or an
 * error, when the buffer would overflow, and on a flush of an asynchronous response (server-sent events). If that
 * commit fails nothing has been sent yet, so the filter can still answer 503. Session changes made after the body
 * started to flow (a response larger than the buffer, a streaming response) are stored at the end of the request;
 * if that fails the status is already out, and the failure is logged.
 */
final class SessionResponse extends HttpServletResponseWrapper {

    /** Stores the session; throws {@link SessionUnavailableException} when Redis cannot take it. */
    interface SessionCommit {
        void commit();
    }

    private final SessionCommit commit;
    private final int bufferLimit;
    private final java.util.function.BooleanSupplier async;
    private final Object lock = new Object();

    private ByteArrayOutputStream held = new ByteArrayOutputStream(256);
    private boolean released;
    private boolean releasing;
    private HoldingStream stream;
    private PrintWriter writer;

    SessionResponse(
            HttpServletResponse response,
            SessionCommit commit,
            int bufferLimit,
            java.util.function.BooleanSupplier async) {
        super(response);
        this.commit = commit;
        this.bufferLimit = bufferLimit;
        this.async = async;
    }

    /**
     * Commits the session, then lets the held body through; afterwards everything written goes straight out. Called
     * by the filter when the chain returned; a failure leaves the held body unsent for the filter to replace.
     */
    void release() throws IOException {
        synchronized (lock) {
            if (released || releasing) {
                return;
            }
            releasing = true;
            try {
                if (writer != null) {
                    writer.flush(); // characters still in the encoder join the held bytes
                }
                commit.commit();
                released = true;
                if (held.size() > 0) {
                    held.writeTo(super.getOutputStream());
                }
                held = null;
            } finally {
                releasing = false;
            }
        }
    }

    /** True while nothing of the body has gone to the container: the filter may still replace the answer. */
    boolean isHolding() {
        synchronized (lock) {
            return !released;
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        discardHeld();
        release();
        super.sendRedirect(location);
    }

    // Servlet 6.1 (EE 11) adds these overloads; without @Override the kit still compiles against Servlet 6.0. Each
    // stores the session before the container redirects, as sendRedirect(String) does.

    /** Servlet 6.1: a redirect with status {@code sc}; the held body is discarded. */
    public void sendRedirect(String location, int sc) throws IOException {
        sendRedirect(location, sc, true);
    }

    /** Servlet 6.1: a 302 that keeps the body written so far unless {@code clearBuffer}. */
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        sendRedirect(location, HttpServletResponse.SC_FOUND, clearBuffer);
    }

    /** Servlet 6.1: the one the other redirects end in on an EE 11 server. */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (clearBuffer) {
            discardHeld();
        }
        release();
        Servlet61Redirect.send((HttpServletResponse) getResponse(), location, sc, clearBuffer);
    }

    @Override
    public void sendError(int sc) throws IOException {
        discardHeld();
        release();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        discardHeld();
        release();
        super.sendError(sc, msg);
    }

    @Override
    public void flushBuffer() throws IOException {
        if (async.getAsBoolean()) {
            release();
            super.flushBuffer();
        } else if (isReleased()) {
            super.flushBuffer();
        }
    }

    @Override
    public boolean isCommitted() {
        return isReleased() && super.isCommitted();
    }

    @Override
    public void resetBuffer() {
        discardHeld();
        super.resetBuffer();
    }

    @Override
    public void reset() {
        discardHeld();
        super.reset();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        if (stream == null) {
            stream = new HoldingStream();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() has already been called for this response");
            }
            stream = new HoldingStream();
            writer = new PrintWriter(new OutputStreamWriter(stream, charset()), false);
        }
        return writer;
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private boolean isReleased() {
        synchronized (lock) {
            return released;
        }
    }

    private void discardHeld() {
        synchronized (lock) {
            if (!released) {
                held.reset();
            }
        }
    }

    /** The body stream the application writes to: into the held buffer, or straight out once released. */
    private final class HoldingStream extends ServletOutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (lock) {
                if (!released) {
                    if (releasing || held.size() + len <= bufferLimit) {
                        held.write(b, off, len);
                        return;
                    }
                    release(); // too big to hold: the session goes to Redis first, then the bytes flow
                }
            }
            SessionResponse.super.getOutputStream().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (async.getAsBoolean()) {
                release(); // a streaming (async) response: events must go out when flushed
            }
            if (isReleased()) {
                SessionResponse.super.getOutputStream().flush();
            }
        }

        @Override
        public void close() throws IOException {
            // closing a held body means "complete": it is released (and closed) by the filter after the commit
            if (isReleased()) {
                SessionResponse.super.getOutputStream().close();
            }
        }

        @Override
        public boolean isReady() {
            return !isReleased()
                    || unchecked(() -> SessionResponse.super.getOutputStream().isReady());
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                release();
                SessionResponse.super.getOutputStream().setWriteListener(listener);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private interface IoSupplier {
        boolean get() throws IOException;
    }

    private static boolean unchecked(IoSupplier supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
