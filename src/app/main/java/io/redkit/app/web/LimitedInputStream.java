package io.redkit.app.web;

import io.redkit.web.WebSettings;
import jakarta.ws.rs.ClientErrorException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with 413 once more than {@code limit} bytes have been read from a body of unknown length. */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw new ClientErrorException(
                    "Request body exceeds the limit of " + limit + " bytes (" + WebSettings.MAX_BODY_BYTES + ")", 413);
        }
    }
}
