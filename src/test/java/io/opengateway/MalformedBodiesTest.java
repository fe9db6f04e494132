package io.opengateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md's "malformed body" rows: every way a body can be wrong, on every public endpoint that
 * takes one, is a 4xx in that endpoint's error shape naming the problem (never a 5xx, never a
 * provider call), and the gateway answers the next normal request. A new endpoint with a body joins
 * the table by one line in {@link #ENDPOINTS} (its credentials, error shape and a valid body).
 */
class MalformedBodiesTest extends GatewayTestBase {

    /** How an endpoint's errors look: asserts the shape and returns the message. */
    interface ErrorShape {
        String message(int status, JsonNode body);
    }

    /** {@code {"error": {"message", "type", "param", "code"}}}. */
    static final ErrorShape OPENAI_SHAPE = (status, body) -> {
        JsonNode e = body.path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code"))
                .as("OpenAI error shape: %s", body).isTrue();
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
        return e.path("message").asText();
    };

    /** Anthropic's {@code {"type": "error", "error": {"type", "message"}}} (the /v1/messages routes). */
    static final ErrorShape ANTHROPIC_SHAPE = (status, body) -> {
        assertThat(body.path("type").asText()).as("Anthropic error shape: %s", body).isEqualTo("error");
        JsonNode e = body.path("error");
        assertThat(e.path("type").asText()).isEqualTo(
                status == 413 ? "request_too_large" : status == 404 ? "not_found_error" : "invalid_request_error");
        return e.path("message").asText();
    };

    /**
     * A public endpoint that takes a body. {@code key} is the credential it takes (the admin token or
     * a gateway key), {@code okBody} a valid body and {@code okStatus} its answer, for which
     * {@code upstream} (a fixture, or null) is what the fake OpenAI provider answers.
     */
    record Endpoint(String path, boolean admin, ErrorShape shape, String okBody, int okStatus, String upstream,
            String shortField) {
        @Override
        public String toString() {
            return "POST " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/v1/chat/completions", false, OPENAI_SHAPE, chat("openai/gpt-4o-mini"), 200,
                    "openai/chat-completion.json", "model"),
            new Endpoint("/v1/responses", false, OPENAI_SHAPE, "{\"model\":\"openai/gpt-4o-mini\",\"input\":\"hi\"}",
                    200, "openai/responses.json", "model"),
            new Endpoint("/v1/messages", false, ANTHROPIC_SHAPE,
                    "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    200, "openai/chat-completion.json", "model"),
            new Endpoint("/admin/keys", true, OPENAI_SHAPE, "{\"account\":\"bodies\",\"name\":\"after\"}", 201, null,
                    "account"));

    /** How the bytes travel: as declared, or framed wrongly over a raw socket (no HTTP client sends those). */
    enum Framing { EXACT, LENGTH_LONGER_THAN_BODY, LENGTH_SHORTER_THAN_BODY, CHUNKED_CUT_MIDWAY }

    /** One way a body can be wrong, the status it gets and a fragment of the message (lower case). */
    record Bad(String name, Function<Endpoint, byte[]> body, Framing framing, int status, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String MEGABYTE = "a".repeat(1024 * 1024);

    static List<Bad> bads() {
        List<Bad> out = new ArrayList<>();
        out.add(bad("an empty body", e -> new byte[0], 400, "empty"));
        out.add(bad("only white space", e -> utf8(" \r\n\t "), 400, "empty"));
        out.add(bad("bytes that are not UTF-8 inside a string", e -> concat(
                utf8("{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"a"),
                new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("\"}]}")), 400, "utf-8"));
        out.add(bad("a truncated UTF-8 sequence at the end", e -> concat(utf8("{\"a\":\""), new byte[] {(byte) 0xe2, (byte) 0x82}),
                400, "utf-8"));
        out.add(bad("truncated JSON", e -> utf8("{\"model\": \"openai/gpt-4o-mini\", \"messages\": ["), 400, "not valid json"));
        out.add(bad("a UTF-8 byte order mark", e -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(e.okBody())),
                400, "byte order mark"));
        out.add(bad("UTF-16 with a byte order mark", e -> concat(new byte[] {(byte) 0xfe, (byte) 0xff},
                e.okBody().getBytes(StandardCharsets.UTF_16BE)), 400, "utf-8"));
        out.add(bad("UTF-16 without a byte order mark", e -> e.okBody().getBytes(StandardCharsets.UTF_16LE), 400, "utf-8"));
        out.add(bad("null", e -> utf8("null"), 400, "json object"));
        out.add(bad("a number", e -> utf8("42"), 400, "json object"));
        out.add(bad("a string", e -> utf8("\"hello\""), 400, "json object"));
        out.add(bad("an array", e -> utf8("[" + e.okBody() + "]"), 400, "json object"));
        out.add(bad("two objects", e -> utf8(e.okBody() + " " + e.okBody()), 400, "not valid json"));
        out.add(bad("a duplicate key", e -> utf8("{\"x\":1," + e.okBody().substring(1).replaceFirst("\\}$", ",\"x\":2}")),
                400, "'x' twice in its top-level object"));
        out.add(bad("a duplicate key in a nested object", e -> utf8(
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"hi\"}]}"),
                400, "'role' twice in 'messages[0]'"));
        out.add(bad("NaN", e -> utf8("{\"temperature\":NaN," + e.okBody().substring(1)), 400, "not valid json"));
        out.add(bad("a lone surrogate escape", e -> utf8("{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"\\ud800\"}]}"), 400, "surrogate"));
        out.add(bad("a 1 MB string where a short one belongs", e -> utf8(e.okBody().replaceFirst(
                "\"" + e.shortField() + "\":\"[^\"]*\"", "\"" + e.shortField() + "\":\"" + MEGABYTE + "\"")), 0, null));
        out.add(new Bad("a Content-Length larger than the body", e -> utf8(e.okBody()), Framing.LENGTH_LONGER_THAN_BODY,
                400, "ended"));
        out.add(new Bad("a Content-Length smaller than the body", e -> utf8(e.okBody()), Framing.LENGTH_SHORTER_THAN_BODY,
                400, "not valid json"));
        out.add(new Bad("a chunked body cut midway", e -> utf8(e.okBody()), Framing.CHUNKED_CUT_MIDWAY, 400, "ended"));
        return out;
    }

    private static Bad bad(String name, Function<Endpoint, byte[]> body, int status, String says) {
        return new Bad(name, body, Framing.EXACT, status, says);
    }

    static Stream<Arguments> cases() {
        return ENDPOINTS.stream().flatMap(e -> bads().stream().map(b -> Arguments.of(e, b)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void a_malformed_body_is_a_4xx_in_the_endpoints_error_shape_and_the_gateway_serves_on(Endpoint endpoint, Bad bad)
            throws Exception {
        Answer r = send(endpoint, bad.body().apply(endpoint), bad.framing());

        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        if (bad.status() != 0) {
            assertThat(r.status()).as(r.body()).isEqualTo(bad.status());
        }
        String message = endpoint.shape().message(r.status(), json(r.body()));
        if (bad.says() != null) {
            assertThat(message.toLowerCase(Locale.ROOT)).contains(bad.says());
        }
        assertThat(r.body()).hasSizeLessThan(2048).doesNotContain("Exception").doesNotContain("at io.");
        assertThat(r.requestId()).as("x-request-id").startsWith("req_");
        assertThat(OPENAI.requests()).isEmpty();

        if (endpoint.upstream() != null) {
            OPENAI.enqueue(FakeUpstream.json(200, FakeUpstream.fixture(endpoint.upstream())));
        }
        Answer next = send(endpoint, utf8(endpoint.okBody()), Framing.EXACT);
        assertThat(next.status()).as(next.body()).isEqualTo(endpoint.okStatus());
    }

    @Test
    void a_one_megabyte_string_where_text_belongs_is_valid_and_goes_to_the_provider() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, FakeUpstream.fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + MEGABYTE + "\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(OPENAI.lastRequest().body()).at("/messages/0/content").asText()).hasSize(MEGABYTE.length());
    }

    record Answer(int status, String body, String requestId) {
    }

    private Answer send(Endpoint endpoint, byte[] body, Framing framing) throws Exception {
        String key = endpoint.admin() ? ADMIN_TOKEN : gatewayKey();
        if (framing == Framing.EXACT) {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + endpoint.path()))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("x-request-id").orElse(null));
        }
        return raw(endpoint.path(), key, body, framing);
    }

    /**
     * A request framed as no HTTP client would send it, over a plain socket. Where the body falls short
     * of its framing the client stops sending (half-close) and waits for the answer, as a client whose
     * upload broke off would.
     */
    private Answer raw(String path, String key, byte[] body, Framing framing) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\n";
            OutputStream out = s.getOutputStream();
            switch (framing) {
                case LENGTH_LONGER_THAN_BODY -> out.write(concat(utf8(head + "Content-Length: " + (body.length + 100)
                        + "\r\n\r\n"), body));
                case LENGTH_SHORTER_THAN_BODY -> out.write(concat(utf8(head + "Content-Length: " + (body.length / 2)
                        + "\r\n\r\n"), body));
                case CHUNKED_CUT_MIDWAY -> out.write(concat(utf8(head + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(body.length) + "\r\n"), java.util.Arrays.copyOf(body, body.length / 2)));
                default -> throw new IllegalArgumentException(framing.name());
            }
            out.flush();
            if (framing != Framing.LENGTH_SHORTER_THAN_BODY) {
                s.shutdownOutput();
            }
            return readAnswer(s.getInputStream());
        }
    }

    /** Reads one HTTP/1.1 answer (a body with a Content-Length, or chunked). */
    private static Answer readAnswer(InputStream in) throws IOException {
        String[] head = line(in, "\r\n\r\n").split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        int length = -1;
        boolean chunked = false;
        String requestId = null;
        for (String l : head) {
            String h = l.toLowerCase(Locale.ROOT);
            if (h.startsWith("x-request-id:")) {
                requestId = l.substring(13).trim();
            }
            if (h.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
            chunked |= h.startsWith("transfer-encoding:") && h.contains("chunked");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size; (size = Integer.parseInt(line(in, "\r\n").trim(), 16)) > 0; ) {
                body.writeBytes(in.readNBytes(size));
                line(in, "\r\n");
            }
        } else {
            assertThat(length).as("a Content-Length in %s", String.join("\n", head)).isNotNegative();
            body.writeBytes(in.readNBytes(length));
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8), requestId);
    }

    /** The bytes up to a terminator, without it. */
    private static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!out.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed mid-answer: " + out);
            }
            out.write(b);
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - end.length());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
