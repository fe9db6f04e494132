package io.opengateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.model.Usage;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.RawUpstream;
import io.opengateway.support.SseBody;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream is complete only when its terminal marker arrived (OpenAI: the finish chunk and
 * {@code [DONE]}; Anthropic: {@code message_stop}; Gemini: a candidate with {@code finishReason};
 * Responses: {@code response.completed}). About 100 streams run at once, in a random order, each
 * cut by its provider before that marker (for Gemini, also before the final usage that follows the
 * finish reason): at every event of each dialect's stream, after a random number of its bytes, and
 * in a random way: a chunked body ended early or a body delimited by the connection's close (both
 * clean ends, as HTTP sees them), a FIN inside an HTTP chunk, a reset, a stall past the read
 * timeout. Every client must get an error (an error status before the first content, a final
 * {@code data: {"error": …}} after it; never {@code [DONE]}), and every billing record must say
 * {@code error} with the tokens the provider reported before the cut. The seed is printed with
 * any failure; {@code -Dopengateway.test.seed=…} replays it.
 */
class StreamCutsTest extends GatewayTestBase {

    private static final Pattern MARKER = Pattern.compile("cut-(\\d+)-");

    @Autowired
    UsageQueries queries;

    /** How the provider ends the stream. */
    enum Cut {
        /** A chunked body ended with its last chunk (a clean end, as HTTP sees it). */
        CHUNKED_END,
        /** No chunking, no length: the body ends when the connection closes. */
        CLOSE_DELIMITED,
        /** A FIN inside an HTTP chunk: the chunk announced more bytes than came. */
        FIN_MID_CHUNK,
        /** A TCP RST. */
        RESET,
        /** Nothing more, past the gateway's read timeout. */
        STALL
    }

    /**
     * A dialect's stream: its events, the index of the first one with content (a cut at or before it
     * fails before anything reached the client), and the usage reported by the events before a cut.
     */
    record Dialect(String name, String path, String model, List<String> events, int firstContent,
            IntFunction<Usage> reportedBefore) {
    }

    /** One stream of the run: cut at event {@code at}, after {@code partial} bytes of it. */
    record Plan(int id, Dialect dialect, int at, int partial, Cut cut) {
        @Override
        public String toString() {
            return "stream " + id + " (" + dialect.name() + ", cut " + cut + " at event " + at + " after " + partial
                    + " bytes)";
        }
    }

    static List<Dialect> dialects() {
        Usage anthropicStart = new Usage(125, 1, 100, 0, 0);
        return List.of(
                // usage comes in its own chunk after the finish chunk; [DONE] ends the stream
                new Dialect("openai", "/v1/chat/completions", "cutopenai/model-x", sseFixture("openai/chat-stream.sse"), 1,
                        at -> at > 5 ? new Usage(9, 3, 0, 0, 0) : null),
                new Dialect("anthropic", "/v1/chat/completions", "cutanthropic/model-x",
                        sseFixture("anthropic/stream-text.sse"), 3,
                        at -> at > 6 ? new Usage(125, 15, 100, 0, 0) : at > 0 ? anthropicStart : null),
                // every event reports usage; the last, with finishReason, the full one
                new Dialect("gemini", "/v1/chat/completions", "cutgemini/model-x", sseFixture("gemini/stream-text.sse"), 0,
                        at -> at > 0 ? new Usage(6, 32, 0, 0, 32) : null),
                // the finish reason comes one event before the final usage
                new Dialect("gemini-usage-last", "/v1/chat/completions", "cutgemini/model-x",
                        sseFixture("gemini/stream-usage-after-finish.sse"), 0, at -> at > 0 ? new Usage(6, 32, 0, 0, 32) : null),
                // the usage comes only with response.completed, the last event
                new Dialect("responses", "/v1/responses", "openai/gpt-4o-mini", sseFixture("openai/responses-stream.sse"), 2,
                        at -> null));
    }

    @Test
    void every_stream_cut_before_its_terminal_marker_ends_in_error_and_is_billed_as_one() throws Exception {
        long seed = Long.getLong("opengateway.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        List<Plan> run = new ArrayList<>();
        for (Dialect d : dialects()) {
            // before every event of the stream, its terminal one included, three cuts: a clean end (as
            // HTTP sees it) right between two events, a clean end inside the event, and a broken
            // connection inside it; where in the event, and which kind of end, is random
            for (int at = 0; at < d.events().size(); at++) {
                int length = d.events().get(at).length();
                run.add(new Plan(run.size(), d, at, 0, cut(d, true, rnd)));
                run.add(new Plan(run.size(), d, at, 1 + rnd.nextInt(length - 1), cut(d, true, rnd)));
                run.add(new Plan(run.size(), d, at, rnd.nextInt(length), cut(d, false, rnd)));
            }
        }
        CUTTER.answer((request, socket) -> answer(run.get(planOf(request.body())), socket));
        OPENAI.always(ex -> respond(run.get(planOf(FakeUpstream.request(ex).body())), ex));

        List<Plan> order = new ArrayList<>(run);
        Collections.shuffle(order, rnd);
        Map<Plan, Future<HttpResponse<String>>> answers = new HashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            for (Plan p : order) {
                answers.put(p, clients.submit(() -> post(p.dialect().path(), body(p))));
            }
            List<String> failures = new ArrayList<>();
            for (Plan p : run) {
                HttpResponse<String> r = answers.get(p).get();
                try {
                    check(p, r);
                } catch (AssertionError | Exception e) {
                    failures.add(p + ": " + e.getMessage() + "\n  answer: " + r.statusCode() + " " + r.body());
                }
            }
            assertThat(failures).as("seed " + seed + " (-Dopengateway.test.seed=" + seed + ")").isEmpty();
        } finally {
            clients.shutdownNow();
        }
    }

    private static Cut cut(Dialect d, boolean clean, Random rnd) {
        if (d.name().equals("responses")) {
            // served by the JDK fake, which can end a body early or drop it, no more
            return clean ? Cut.CHUNKED_END : Cut.FIN_MID_CHUNK;
        }
        Cut[] kinds = clean ? new Cut[] {Cut.CHUNKED_END, Cut.CLOSE_DELIMITED}
                : new Cut[] {Cut.FIN_MID_CHUNK, Cut.RESET, Cut.STALL};
        return kinds[rnd.nextInt(kinds.length)];
    }

    private static int planOf(String requestBody) {
        Matcher m = MARKER.matcher(requestBody);
        if (!m.find()) {
            throw new IllegalStateException("no stream marker in " + requestBody);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String body(Plan p) {
        String marker = "cut-" + p.id() + "-";
        if (p.dialect().name().equals("responses")) {
            return "{\"model\":\"" + p.dialect().model() + "\",\"stream\":true,\"input\":\"" + marker + "\"}";
        }
        return "{\"model\":\"" + p.dialect().model() + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}";
    }

    private void check(Plan p, HttpResponse<String> r) throws Exception {
        Dialect d = p.dialect();
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.status()).as("billing status").isEqualTo("error");
        // the events the gateway read: all those sent, except after a reset, which loses what the
        // gateway had not read yet (the kernel drops it): then any of them, as the answer's form allows
        int from = p.cut() == Cut.RESET ? 0 : p.at();
        boolean beforeContent = p.cut() == Cut.RESET ? r.statusCode() != 200 : p.at() <= d.firstContent();
        List<Usage> possible = new ArrayList<>();
        for (int seen = from; seen <= p.at(); seen++) {
            if (seen <= d.firstContent() == beforeContent) {
                possible.add(d.reportedBefore().apply(seen));
            }
        }
        assertThat(possible).as("events the gateway can have read").isNotEmpty();
        if (beforeContent) {
            // nothing had reached the client: an error status, nothing served, the attempt logged with its tokens
            assertThat(r.statusCode()).as("status").isIn(502, 504);
            assertThat(json(r.body()).path("error").path("message").asText()).isNotEmpty();
            assertThat(rec.event().servedModel()).isNull();
            assertThat(rec.event().failedAttempts()).singleElement()
                    .satisfies(a -> assertThat(possible).as("tokens reported before the cut").contains(a.usage()));
            return;
        }
        assertThat(r.statusCode()).as("status").isEqualTo(200);
        assertThat(r.body()).as("a stream cut is never a clean end").doesNotContain("[DONE]")
                .doesNotContain("response.completed");
        JsonNode last = SseBody.last(r.body());
        if (d.name().equals("responses")) {
            assertThat(last.path("type").asText()).as("last event").isEqualTo("error");
        } else {
            assertThat(last.path("error").path("message").asText()).as("last event").isNotEmpty();
        }
        assertThat(rec.event().servedModel()).isEqualTo(d.model());
        assertThat(possible).as("tokens reported before the cut").contains(rec.usageReported() ? rec.usage() : null);
    }

    /** The socket-level answer of the cut* providers: a chunked SSE stream, cut as planned. */
    private static boolean answer(Plan p, Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        boolean chunked = p.cut() != Cut.CLOSE_DELIMITED;
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < p.at(); i++) {
            write(out, (p.dialect().events().get(i) + "\n\n").getBytes(StandardCharsets.UTF_8), chunked);
        }
        byte[] next = (p.dialect().events().get(p.at()) + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] part = Arrays.copyOf(next, p.partial());
        switch (p.cut()) {
            case CHUNKED_END -> {
                if (part.length > 0) {
                    write(out, part, true);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return true; // the connection stays open for another request
            }
            case CLOSE_DELIMITED -> {
                out.write(part);
                out.flush();
                s.close();
            }
            case FIN_MID_CHUNK, RESET, STALL -> {
                out.write((Integer.toHexString(next.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(part);
                out.flush();
                if (p.cut() == Cut.FIN_MID_CHUNK) {
                    s.close();
                } else if (p.cut() == Cut.RESET) {
                    RawUpstream.reset(s);
                } else {
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // holds the stream open until the gateway gives up on it
                    }
                }
            }
        }
        return false;
    }

    private static void write(OutputStream out, byte[] data, boolean chunked) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(data);
        }
        out.flush();
    }

    /** The JDK fake's answer for the Responses API: the events before the cut, then an early end or a drop. */
    private static void respond(Plan p, HttpExchange ex) throws Exception {
        List<String> events = new ArrayList<>(p.dialect().events().subList(0, p.at()));
        String part = p.dialect().events().get(p.at()).substring(0, p.partial());
        if (!part.isEmpty()) {
            events.add(part);
        }
        (p.cut() == Cut.FIN_MID_CHUNK
                ? FakeUpstream.sse(events, Duration.ZERO, new StreamControl(events.size() + 1).dieAtEnd())
                : FakeUpstream.sse(events, Duration.ZERO)).respond(ex);
    }
}
