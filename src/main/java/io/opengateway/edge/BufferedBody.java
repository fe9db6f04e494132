package io.opengateway.edge;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose whole body {@link InboundGuardFilter} has read. platform-http takes a body through
 * {@link #getReader()}, which would decode it in whatever charset the request declares: the reader
 * given here is a {@link Text}, from which {@link JsonBody} takes the bytes as they came, so that it
 * can tell the client which of them are not UTF-8.
 */
final class BufferedBody extends HttpServletRequestWrapper {

    private final byte[] body;

    BufferedBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new Text(body);
    }

    /** The body as text (strict UTF-8, as JSON is: RFC 8259 §8.1), which also hands out its bytes. */
    static final class Text extends BufferedReader {
        private final byte[] bytes;

        Text(byte[] bytes) {
            super(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
            this.bytes = bytes;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    /** Reads a body to its end, or up to {@code max + 1} bytes when it is longer. */
    static byte[] read(InputStream in, long max) throws IOException {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
}
