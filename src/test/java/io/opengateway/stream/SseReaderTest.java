package io.opengateway.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {

    private static SseReader reader(String s) {
        return new SseReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reads_named_events_and_joins_multi_line_data() throws IOException {
        SseReader r = reader("event: message_start\ndata: {\"a\":1}\n\n: a comment\n\ndata: one\ndata: two\n\n");
        assertThat(r.next()).isEqualTo(new SseEvent("message_start", "{\"a\":1}"));
        assertThat(r.next()).isEqualTo(new SseEvent(null, "one\ntwo"));
        assertThat(r.next()).isNull();
    }

    @Test
    void accepts_crlf_and_a_last_event_without_its_blank_line() throws IOException {
        SseReader r = reader("data: x\r\n\r\ndata: y");
        assertThat(r.next().data()).isEqualTo("x");
        assertThat(r.next().data()).isEqualTo("y");
        assertThat(r.next()).isNull();
    }

    @Test
    void returns_an_event_as_soon_as_it_is_complete_without_reading_ahead() throws IOException {
        // a stream that would block forever after the first event: reading it must not
        InputStream blockingAfterFirst = new InputStream() {
            private final byte[] first = "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);
            private int pos;

            @Override
            public int read() {
                throw new AssertionError("single-byte reads are not used");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == first.length) {
                    throw new AssertionError("read past the first complete event");
                }
                int n = Math.min(len, first.length - pos);
                System.arraycopy(first, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        assertThat(new SseReader(blockingAfterFirst).next().data()).isEqualTo("{\"n\":1}");
    }

    @Test
    void keeps_multibyte_characters_split_across_reads() throws IOException {
        byte[] bytes = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
        InputStream oneByteAtATime = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };
        assertThat(new SseReader(oneByteAtATime).next().data()).isEqualTo("héllo ✓");
    }
}
