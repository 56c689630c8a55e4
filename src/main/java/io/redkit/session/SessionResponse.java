package io.redkit.session;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Commits the session just before the response is committed (redirect, error, explicit flush, stream flush or
 * close), so the changes are in Redis before the client can send its next request.
 */
final class SessionResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCommit;
    private ServletOutputStream stream;
    private PrintWriter writer;

    SessionResponse(HttpServletResponse response, Runnable beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit.run();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit.run();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit.run();
        super.sendError(sc, msg);
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit.run();
        super.flushBuffer();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new CommittingStream(super.getOutputStream(), beforeCommit);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter delegate = super.getWriter();
            writer = new PrintWriter(delegate) {
                @Override
                public void flush() {
                    beforeCommit.run();
                    super.flush();
                }

                @Override
                public void close() {
                    beforeCommit.run();
                    super.close();
                }
            };
        }
        return writer;
    }

    private static final class CommittingStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private final Runnable beforeCommit;

        CommittingStream(ServletOutputStream delegate, Runnable beforeCommit) {
            this.delegate = delegate;
            this.beforeCommit = beforeCommit;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit.run();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit.run();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
