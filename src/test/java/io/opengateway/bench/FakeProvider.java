package io.opengateway.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast fake provider for benchmarks: fixed realistic bodies, and SSE streams of
 * {@code -Devents=N} events {@code -DgapMs=G} apart, in the OpenAI, Anthropic and Gemini dialects.
 * Usage: {@code java -cp … io.opengateway.bench.FakeProvider <port>}.
 */
public final class FakeProvider {

    private static final int EVENTS = Integer.getInteger("events", 10);
    private static final long GAP_MS = Long.getLong("gapMs", 1000);
    /** A dialect whose every request fails (e.g. anthropic → 529 overloaded), for failover runs. */
    private static final String FAIL = System.getProperty("fail", "");

    private FakeProvider() {
    }

    public static void main(String[] args) throws IOException {
        // without it the JDK server waits on Nagle's algorithm between head and body (40 ms stalls)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // by default the JDK server closes kept-alive connections beyond 200 idle ones, which a
        // gateway (or wrk) with more connections open then finds closed under its next request
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        System.setProperty("sun.net.httpserver.idleInterval", "600");
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.createContext("/", FakeProvider::handle);
        server.setExecutor(Threads.perTask());
        server.start();
        System.out.println("fake provider on " + port + " (events=" + EVENTS + ", gapMs=" + GAP_MS + ")");
    }

    private static void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        boolean stream = body.contains("\"stream\":true") || path.endsWith(":streamGenerateContent");
        try {
            if (path.endsWith("/messages") && FAIL.equals("anthropic")) {
                byte[] out = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(529, out.length);
                ex.getResponseBody().write(out);
            } else if (path.endsWith("/messages")) {
                respond(ex, stream, Dialects.ANTHROPIC);
            } else if (path.contains(":generateContent") || path.contains(":streamGenerateContent")) {
                respond(ex, stream, Dialects.GEMINI);
            } else {
                respond(ex, stream, Dialects.OPENAI);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private static void respond(HttpExchange ex, boolean stream, Dialects.Dialect d) throws IOException, InterruptedException {
        if (!stream) {
            byte[] out = d.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream os = ex.getResponseBody();
        write(os, d.head());
        for (int i = 0; i < EVENTS; i++) {
            if (GAP_MS > 0) {
                Thread.sleep(GAP_MS);
            }
            write(os, d.delta("tok" + i + " "));
        }
        write(os, d.tail());
        os.close();
    }

    private static void write(OutputStream os, String events) throws IOException {
        os.write(events.getBytes(StandardCharsets.UTF_8));
        os.flush();
    }
}
