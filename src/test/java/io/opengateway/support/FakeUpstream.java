package io.opengateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake provider over real HTTP on 127.0.0.1 and a random port. Tests queue responders that
 * replay the provider's wire format (JSON bodies, SSE streams, faults); every request is recorded.
 */
public final class FakeUpstream implements AutoCloseable {

    /** One recorded request. Header names are lower-case. */
    /**
     * The request each exchange being answered carries. Not {@code HttpExchange.setAttribute}: the
     * JDK 17 server keeps exchange attributes in the shared HttpContext, so concurrent requests
     * read each other's (a stream request was answered as a chat, and the reverse).
     */
    private static final Map<HttpExchange, Recorded> IN_FLIGHT = new java.util.concurrent.ConcurrentHashMap<>();

    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
    }

    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ConcurrentLinkedDeque<Responder> queue = new ConcurrentLinkedDeque<>();
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Responder fallback = json(500, "{\"error\":{\"message\":\"no response queued\"}}");
    private volatile ProviderRules.Rule rule;

    static {
        // without it the JDK server waits on Nagle's algorithm between head and body (40 ms stalls)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public FakeUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues the answer to the next request. */
    public FakeUpstream enqueue(Responder r) {
        queue.add(r);
        return this;
    }

    /**
     * Answers every request the provider's documentation says it refuses with the provider's 400,
     * before any queued answer (which stays queued): the fake behaves as the provider does.
     */
    public FakeUpstream follows(ProviderRules.Rule r) {
        rule = r;
        return this;
    }

    /** The answer to every request once the queue is empty. */
    public FakeUpstream always(Responder r) {
        fallback = r;
        return this;
    }

    public void reset() {
        queue.clear();
        requests.clear();
        fallback = json(500, "{\"error\":{\"message\":\"no response queued\"}}");
    }

    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The request a responder is answering (its body is already read). */
    public static Recorded request(HttpExchange ex) {
        return IN_FLIGHT.get(ex);
    }

    public Recorded lastRequest() {
        List<Recorded> r = requests();
        return r.isEmpty() ? null : r.get(r.size() - 1);
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Recorded recorded = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), headers, body);
        requests.add(recorded);
        IN_FLIGHT.put(ex, recorded);
        ProviderRules.Rule rules = rule;
        Responder refusal = rules == null ? null : rules.check(recorded);
        Responder r = refusal != null ? refusal : queue.poll();
        try {
            (r == null ? fallback : r).respond(ex);
        } catch (DropConnection e) {
            throw e;
        } catch (Exception e) {
            // the client went away mid-answer; nothing to do
        } finally {
            IN_FLIGHT.remove(ex);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- responders ----

    public static Responder json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Responder json(int status, String body, Map<String, String> headers) {
        return raw(status, "application/json", body, headers);
    }

    public static Responder raw(int status, String contentType, String body, Map<String, String> headers) {
        return ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** Waits, then answers; a wait past the gateway's read timeout makes it a timeout. */
    public static Responder delayed(Duration delay, Responder then) {
        return ex -> {
            Thread.sleep(delay.toMillis());
            then.respond(ex);
        };
    }

    /** Drops the connection without an answer (a reset as the gateway sees it). */
    public static Responder dropConnection() {
        return ex -> {
            // closing the exchange without a response makes the server close the socket
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write('{');
            ex.getResponseBody().flush();
            abort(ex);
        };
    }

    /** An SSE stream of the given raw events (each already "event: …\ndata: …"), sent with a gap. */
    public static Responder sse(List<String> events, Duration gap) {
        return sse(events, gap, null);
    }

    /**
     * An SSE stream. With a {@link StreamControl}, the stream sends the first {@code holdAfter}
     * events, then waits until the test releases it; it records how far it got.
     */
    public static Responder sse(List<String> events, Duration gap, StreamControl control) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            try {
                for (int i = 0; i < events.size(); i++) {
                    if (control != null && i == control.holdAfter) {
                        control.held.countDown();
                        if (!control.release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("stream never released");
                        }
                    }
                    if (control != null) {
                        // counted before the write: a client that has the event must see it counted
                        control.sent = i + 1;
                    }
                    out.write((events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (!gap.isZero() && i < events.size() - 1) {
                        Thread.sleep(gap.toMillis());
                    }
                }
                if (control != null && control.dieAtEnd) {
                    abort(ex);
                    return;
                }
                out.close();
            } catch (IOException e) {
                if (control != null) {
                    control.clientGone.countDown();
                }
                throw e;
            }
        };
    }

    /** Ends the exchange by dropping its connection: no chunk terminator, no remaining bytes. */
    private static void abort(HttpExchange ex) {
        throw new DropConnection();
    }

    /** Thrown out of a handler so the JDK server closes the socket instead of ending the answer. */
    private static final class DropConnection extends RuntimeException {
        DropConnection() {
            super("drop", null, false, false);
        }
    }

    /** Test-side control of a held stream. */
    public static final class StreamControl {
        final int holdAfter;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch clientGone = new CountDownLatch(1);
        volatile int sent;
        volatile boolean dieAtEnd;

        public StreamControl(int holdAfter) {
            this.holdAfter = holdAfter;
        }

        public boolean awaitHeld() throws InterruptedException {
            return held.await(30, TimeUnit.SECONDS);
        }

        public void release() {
            release.countDown();
        }

        public int sent() {
            return sent;
        }

        /** True once a write to the client failed (the gateway closed the connection). */
        public boolean awaitClientGone(Duration d) throws InterruptedException {
            return clientGone.await(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** After the last event, drop the connection instead of ending cleanly. */
        public StreamControl dieAtEnd() {
            dieAtEnd = true;
            return this;
        }
    }

    /** Reads a fixture from src/test/resources/fixtures. */
    public static String fixture(String path) {
        try (InputStream in = FakeUpstream.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events of an SSE fixture file (blank-line separated). */
    public static List<String> sseFixture(String path) {
        List<String> out = new ArrayList<>();
        for (String e : fixture(path).split("\\r?\\n\\r?\\n")) {
            if (!e.isBlank()) {
                out.add(e.strip());
            }
        }
        return out;
    }
}
