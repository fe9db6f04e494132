package io.opengateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.Responder;
import io.opengateway.support.FaultProviders;
import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream rows of docs/api.md's error table, for each dialect, with a single model (no fallback):
 * what the caller can act on is mirrored with the provider's message, the gateway's own upstream
 * trouble is a 502 or 504. (Refused, reset and timed-out connections: UpstreamFaultsTest.)
 */
class ErrorTableTest extends GatewayTestBase {

    /** One row: the upstream's answer and what the caller must get ({@code code}, {@code message} when not null). */
    record Row(String dialect, String cause, Responder upstream, int status, String code, String message,
            String retryAfter) {
        @Override
        public String toString() {
            return dialect + ": " + cause;
        }
    }

    static Stream<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (String d : FaultProviders.DIALECTS) {
            boolean gemini = d.equals("gemini");
            boolean anthropic = d.equals("anthropic");
            // a context window overflow has OpenAI's code whoever reports it (ContextLengthExceededTest)
            out.add(new Row(d, "400 context window exceeded", json(400, fixture(d, d.equals("openai") ? "error-400-context" : "error-400")), 400,
                    "context_length_exceeded",
                    anthropic ? "prompt is too long" : gemini ? "input token count" : "maximum context length", null));
            out.add(new Row(d, "400 about the request", json(400, error(d, 400, "messages.0: unexpected role 'wizard'")), 400,
                    gemini ? "invalid_argument" : "invalid_request_error",
                    "messages.0: unexpected role 'wizard'", null));
            out.add(new Row(d, "422 about the request", json(422, error(d, 422, "messages.1.content: Input should be a valid list")),
                    422, null, "messages.1.content: Input should be a valid list", null));
            out.add(new Row(d, "429", FakeUpstream.json(429, fixture(d, "error-429"), gemini ? Map.of() : Map.of("Retry-After", "7")),
                    429, "rate_limit_exceeded", null, gemini ? "33" : "7"));
            out.add(new Row(d, "401 refused key", json(gemini ? 400 : 401, fixture(d, gemini ? "error-400-api-key" : "error-401")),
                    502, "upstream_auth_failed", "api-key", null));
            out.add(new Row(d, "403 refused key", json(403, gemini ? fixture(d, "error-403")
                    : error(d, 403, "This key has no permission for the model")), 502, "upstream_auth_failed", "api-key", null));
            out.add(new Row(d, "500", json(500, gemini ? error(d, 500, "An internal error has occurred.")
                    : fixture(d, "error-500")), 502, "upstream_error",
                    anthropic ? "Internal server error" : gemini ? "An internal error has occurred." : "The server had an error", null));
            int overloaded = anthropic ? 529 : 503;
            out.add(new Row(d, overloaded + " overloaded", json(overloaded, anthropic ? fixture(d, "error-529")
                    : gemini ? fixture(d, "error-503") : error(d, 503, "Service Unavailable")), 502, "upstream_error",
                    anthropic ? "Overloaded" : gemini ? "The model is overloaded" : "Service Unavailable", null));
            out.add(new Row(d, "an HTML error page", FakeUpstream.raw(503, "text/html",
                    "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", Map.of()),
                    502, "upstream_error", "not its error JSON", null));
            out.add(new Row(d, "truncated JSON", FakeUpstream.raw(200, "application/json", "{\"id\":\"x\",\"con", Map.of()),
                    502, "upstream_bad_response", "not valid JSON", null));
            out.add(new Row(d, "a connection dropped mid-body", FakeUpstream.dropConnection(), 502, "upstream_unavailable",
                    null, null));
            // no table row of its own: an upstream 408 says it timed out, which is the timeout row
            out.add(new Row(d, "408", json(408, "{}"), 504, "upstream_timeout", null, null));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void an_upstream_failure_is_the_tables_status(Row row) throws Exception {
        FaultProviders.fake(row.dialect()).enqueue(row.upstream());

        var r = post("/v1/chat/completions", chat(model(row.dialect())));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(row.status());
        JsonNode e = json(r.body()).path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code")).as(r.body()).isTrue();
        if (row.code() != null) {
            assertThat(e.path("code").asText()).isEqualTo(row.code());
        }
        if (row.message() != null) {
            assertThat(e.path("message").asText()).contains(row.message());
        }
        assertThat(r.headers().firstValue("Retry-After")).isEqualTo(java.util.Optional.ofNullable(row.retryAfter()));
        assertThat(r.body()).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GOOGLE_KEY).doesNotContain("Exception");
    }

    private static String model(String dialect) {
        return switch (dialect) {
            case "openai" -> "openai/gpt-4o-mini";
            case "anthropic" -> "anthropic/claude-haiku-4-5";
            default -> "google/gemini-3.8-flash";
        };
    }

    private static Responder json(int status, String body) {
        return FakeUpstream.json(status, body);
    }

    private static String fixture(String dialect, String name) {
        return FakeUpstream.fixture(dialect + "/" + name + ".json");
    }

    /** An error body in the dialect's own shape. */
    static String error(String dialect, int status, String message) {
        return switch (dialect) {
            case "openai" -> "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
            case "anthropic" -> "{\"type\":\"error\",\"error\":{\"type\":\"" + (status == 403 ? "permission_error" : "invalid_request_error")
                    + "\",\"message\":\"" + message + "\"}}";
            default -> "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"INVALID_ARGUMENT\"}}";
        };
    }
}
