package io.opengateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that reads each request to its end and then resets the connection (SO_LINGER 0: a
 * TCP RST) before any status line: "connection reset by peer" as the gateway sees it. A raw
 * socket server, since the JDK HTTP server that {@link FakeUpstream} uses hides its sockets.
 */
public final class ResettingUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resetting-upstream");
        t.setDaemon(true);
        return t;
    });

    public ResettingUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many whole requests arrived (each one answered with a reset). */
    public int requests() {
        return requests.get();
    }

    public void reset() {
        requests.set(0);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                pool.execute(() -> resetAfterRequest(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void resetAfterRequest(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            String lower = head.toLowerCase(Locale.ROOT);
            if (lower.contains("transfer-encoding: chunked")) {
                readUntil(in, "0\r\n\r\n");
            } else {
                int at = lower.indexOf("content-length:");
                if (at >= 0) {
                    int end = lower.indexOf('\r', at);
                    in.readNBytes(Integer.parseInt(lower.substring(at + 15, end).trim()));
                }
            }
            requests.incrementAndGet();
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // the gateway gave up first: nothing to reset
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
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
