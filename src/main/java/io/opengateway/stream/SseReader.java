package io.opengateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events one at a time from a byte stream, blocking only until the next event
 * is complete: nothing is read ahead beyond what the socket already delivered.
 */
public final class SseReader {

    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    // small: the provider's stream is buffered already (UpstreamHttpConfiguration), and an open
    // stream keeps this for its whole length
    private final byte[] buf = new byte[512];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];   // grows to the longest line
    private int lineLen;
    private boolean eof;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        while (true) {
            String l = readLine();
            if (l == null) {
                // a final event without its blank line still counts
                return data == null ? null : new SseEvent(event, data.toString());
            }
            if (l.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString());
                }
                event = null;
                continue;
            }
            if (l.charAt(0) == ':') {
                continue;
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                event = value;
            }
        }
    }

    private String readLine() throws IOException {
        lineLen = 0;
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return lineLen > 0 ? take() : null;
                }
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    eof = true;
                    continue;
                }
                pos = 0;
                limit = n;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                return take();
            }
            if (b == '\r') {
                // CRLF or lone CR both end a line
                if (pos == limit && !eof) {
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) {
                        eof = true;
                    } else {
                        pos = 0;
                        limit = n;
                    }
                }
                if (pos < limit && buf[pos] == '\n') {
                    pos++;
                }
                return take();
            }
            if (lineLen == line.length) {
                if (line.length >= MAX_LINE) {
                    throw new IOException("server-sent event line longer than " + MAX_LINE + " bytes");
                }
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[lineLen++] = b;
        }
    }

    private String take() {
        String s = new String(line, 0, lineLen, StandardCharsets.UTF_8);
        lineLen = 0;
        return s;
    }
}
