package io.opengateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider at the socket level on 127.0.0.1 and a random port, for faults the JDK HTTP server
 * that {@link FakeUpstream} uses cannot make (it hides its sockets): it reads each request to its
 * end and hands it to an {@link Answer}, which writes whatever bytes it likes and may end the
 * connection anywhere, with a FIN or a TCP RST. {@link #RESET} resets before any status line.
 */
public final class RawUpstream extends LoopbackServer {

    /** Answers one request on its socket; returns true to read another request on the same connection. */
    @FunctionalInterface
    public interface Answer {
        boolean answer(Request request, Socket socket) throws IOException;
    }

    /** A request as it arrived: its head (request line and headers) and its body. */
    public record Request(String head, String body) {
    }

    /** "Connection reset by peer" as the gateway sees it: an RST (SO_LINGER 0) before any status line. */
    public static final Answer RESET = (request, socket) -> {
        reset(socket);
        return false;
    };

    private final Answer initial;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Answer answer;

    public RawUpstream(Answer answer) {
        super("raw-upstream");
        this.initial = answer;
        this.answer = answer;
        start();
    }

    /** How many whole requests arrived. */
    public int requests() {
        return requests.get();
    }

    /** Answers the next requests (and those under way on a kept connection) this way. */
    public void answer(Answer a) {
        this.answer = a;
    }

    /** Back to the answer it was made with, no request counted. */
    public void reset() {
        requests.set(0);
        answer = initial;
    }

    /** Ends the connection with a TCP RST: nothing still unsent is delivered. */
    public static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    @Override
    protected void accepted(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            boolean again = true;
            while (again) {
                String head = readUntil(in, "\r\n\r\n");
                if (!head.endsWith("\r\n\r\n")) {
                    return; // the gateway closed an idle kept connection
                }
                String lower = head.toLowerCase(Locale.ROOT);
                String body;
                if (lower.contains("transfer-encoding: chunked")) {
                    body = readUntil(in, "0\r\n\r\n");
                } else {
                    int at = lower.indexOf("content-length:");
                    int length = 0;
                    if (at >= 0) {
                        int end = lower.indexOf('\r', at);
                        length = Integer.parseInt(lower.substring(at + 15, end).trim());
                    }
                    body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                }
                requests.incrementAndGet();
                again = answer.answer(new Request(head, body), s) && !s.isClosed();
            }
        } catch (IOException e) {
            // the gateway gave up first, or the answer cut the connection
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] marker = end.getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        int b;
        while (matched < marker.length && (b = in.read()) >= 0) {
            out.write(b);
            matched = b == marker[matched] ? matched + 1 : (b == marker[0] ? 1 : 0);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

}
