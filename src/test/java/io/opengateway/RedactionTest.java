package io.opengateway;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.SseBody;

import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own provider keys never reach a client, even when a provider quotes them back: in
 * a mirrored error, an error event inside a stream, a failed Responses event, or the attempts of
 * a request whose every model failed.
 */
class RedactionTest extends GatewayTestBase {

    private static void assertRedacted(String body) {
        assertThat(body).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GOOGLE_KEY).contains("[redacted]");
    }

    @Test
    void an_anthropic_error_quoting_the_key_is_mirrored_without_it() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"x-api-key header '" + ANTHROPIC_KEY + "' is not allowed with this beta\"}}"));

        var r = post("/v1/chat/completions", chat("anthropic/claude-haiku-4-5"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("message").asText()).contains("is not allowed with this beta");
        assertRedacted(r.body());
    }

    @Test
    void a_gemini_error_quoting_the_key_is_passed_on_without_it() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(400, "{\"error\":{\"code\":400,\"message\":\"Invalid value at 'key' ("
                + GOOGLE_KEY + "): quota project not set\",\"status\":\"INVALID_ARGUMENT\"}}"));
        GOOGLE.enqueue(FakeUpstream.json(500, "{\"error\":{\"code\":500,\"message\":\"Internal error for key "
                + GOOGLE_KEY + "\",\"status\":\"INTERNAL\"}}"));

        var mirrored = post("/v1/chat/completions", chat("google/gemini-3.8-flash"));
        var failed = post("/v1/chat/completions", chat("google/gemini-3.8-flash"));

        assertThat(mirrored.statusCode()).isEqualTo(400);
        assertRedacted(mirrored.body());
        assertThat(failed.statusCode()).isEqualTo(502);
        assertRedacted(failed.body());
    }

    @Test
    void an_error_event_inside_a_stream_quoting_the_key_is_sent_without_it() throws Exception {
        List<String> anthropic = new java.util.ArrayList<>(sseFixture("anthropic/stream-text.sse").subList(0, 4));
        anthropic.add("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"key "
                + ANTHROPIC_KEY + " was revoked mid-stream\"}}");
        ANTHROPIC.enqueue(FakeUpstream.sse(anthropic, Duration.ZERO));
        List<String> gemini = new java.util.ArrayList<>(sseFixture("gemini/stream-text.sse").subList(0, 2));
        gemini.add("data: {\"error\":{\"code\":503,\"message\":\"Backend for " + GOOGLE_KEY + " unavailable\","
                + "\"status\":\"UNAVAILABLE\"}}");
        GOOGLE.enqueue(FakeUpstream.sse(gemini, Duration.ZERO));

        for (String model : new String[] {"anthropic/claude-haiku-4-5", "google/gemini-3.8-flash"}) {
            var r = post("/v1/chat/completions", chat(true, model));

            assertThat(SseBody.text(r.body())).as(model).isEqualTo("Hello");
            JsonNode error = SseBody.last(r.body()).path("error");
            assertThat(error.path("message").asText()).as(model).contains("[redacted]");
            assertRedacted(r.body());
        }
    }

    @Test
    void a_failed_responses_event_quoting_the_key_is_passed_on_without_it() throws Exception {
        List<String> events = List.of(sseFixture("openai/responses-stream.sse").get(0),
                "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":1,\"response\":{"
                        + "\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\",\"model\":\"gpt-4o-mini\","
                        + "\"output\":[],\"usage\":null,\"error\":{\"code\":\"server_error\",\"message\":\"Key "
                        + OPENAI_KEY + " hit an internal error\"}}}");
        OPENAI.enqueue(FakeUpstream.sse(events, Duration.ZERO));

        var r = post("/v1/responses", "{\"model\":\"openai/gpt-4o-mini\",\"input\":\"Hi\",\"stream\":true}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("response.failed").contains("hit an internal error");
        assertRedacted(r.body());
    }

    @Test
    void every_attempt_of_an_all_fail_answer_is_listed_without_the_keys() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"failed for "
                + ANTHROPIC_KEY + "\"}}"));
        GOOGLE.enqueue(FakeUpstream.json(503, "{\"error\":{\"code\":503,\"message\":\"overloaded for " + GOOGLE_KEY
                + "\",\"status\":\"UNAVAILABLE\"}}"));
        OPENAI.enqueue(FakeUpstream.json(500, "{\"error\":{\"message\":\"failed for " + OPENAI_KEY
                + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

        var r = post("/v1/chat/completions", chat(false, "anthropic/claude-haiku-4-5", "google/gemini-3.8-flash",
                "openai/gpt-4o-mini"));

        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode attempts = json(r.body()).path("error").path("attempts");
        assertThat(attempts).hasSize(3);
        attempts.forEach(a -> assertThat(a.path("message").asText()).contains("[redacted]"));
        assertRedacted(r.body());
    }
}
