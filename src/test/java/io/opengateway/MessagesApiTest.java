package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.model.Usage;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.assertMoney;
import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's Messages API in front (routes/messages.yaml) over real HTTP: auth, Anthropic's error
 * shape, model names, and the anthropic provider's pass-through, billed and metered exactly.
 */
class MessagesApiTest extends GatewayTestBase {

    @Autowired
    UsageQueries queries;

    @Autowired
    MeterRegistry registry;

    static final String HELLO = """
            {"model": "%s", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}""";

    HttpResponse<String> messages(String body, Map<String, String> headers) throws Exception {
        return messages("/v1/messages", body, headers);
    }

    HttpResponse<String> messages(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, String> apiKey() {
        return Map.of("x-api-key", gatewayKey());
    }

    static void assertAnthropicError(HttpResponse<String> r, int status, String type, String says) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).contains(says);
        assertThat(r.headers().firstValue("request-id")).isPresent();
    }

    @Test
    void the_key_is_taken_as_x_api_key_or_as_a_bearer_token() throws Exception {
        ANTHROPIC.always(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        assertThat(messages(HELLO.formatted("claude-haiku-4-5"), apiKey()).statusCode()).isEqualTo(200);
        assertThat(messages(HELLO.formatted("claude-haiku-4-5"), Map.of("Authorization", "Bearer " + gatewayKey()))
                .statusCode()).isEqualTo(200);
        for (FakeUpstream.Recorded up : ANTHROPIC.requests()) {
            assertThat(up.headers().get("x-api-key")).isEqualTo(ANTHROPIC_KEY);
            assertThat(up.headers()).doesNotContainKey("authorization");
            assertThat(up.body()).doesNotContain(gatewayKey());
        }
    }

    @Test
    void refusals_are_in_anthropics_error_shape() throws Exception {
        assertAnthropicError(messages(HELLO.formatted("claude-haiku-4-5"), Map.of()), 401, "authentication_error",
                "API key");
        assertAnthropicError(messages(HELLO.formatted("claude-haiku-4-5"), Map.of("x-api-key", "og-wrong")), 401,
                "authentication_error", "Incorrect API key");
        assertAnthropicError(messages("{\"model\": ", apiKey()), 400, "invalid_request_error", "not valid JSON");
        assertAnthropicError(messages("[1]", apiKey()), 400, "invalid_request_error", "JSON object");
        assertAnthropicError(messages("{\"model\": \"claude-haiku-4-5\", \"messages\": []}", apiKey()), 400,
                "invalid_request_error", "max_tokens");
        assertAnthropicError(messages(HELLO.formatted("claude-nonexistent-9"), apiKey()), 404, "not_found_error",
                "anthropic/claude-nonexistent-9");
        assertAnthropicError(messages("""
                {"model": "claude-haiku-4-5", "max_tokens": 10, "messages": [{"role": "robot", "content": "x"}]}""",
                apiKey()), 400, "invalid_request_error", "messages.0.role");
        assertThat(ANTHROPIC.requests()).isEmpty();
    }

    @Test
    void a_body_refused_before_the_route_is_in_anthropics_error_shape_too() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Content-Type", "text/plain").header("x-api-key", gatewayKey())
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertAnthropicError(r, 415, "invalid_request_error", "application/json");
    }

    @Test
    void an_overloaded_provider_is_a_529_overloaded_error() throws Exception {
        ANTHROPIC.always(FakeUpstream.json(529, fixture("anthropic/error-529.json")));

        assertAnthropicError(messages(HELLO.formatted("claude-haiku-4-5"), apiKey()), 529, "overloaded_error",
                "verloaded");
    }

    @Test
    void bare_and_dated_snapshot_names_mean_the_anthropic_catalog_entry() throws Exception {
        ANTHROPIC.always(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        for (String name : List.of("claude-haiku-4-5", "claude-haiku-4-5-20251001", "anthropic/claude-haiku-4-5")) {
            HttpResponse<String> r = messages(HELLO.formatted(name), apiKey());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("anthropic/claude-haiku-4-5");
            assertThat(json(ANTHROPIC.lastRequest().body()).path("model").asText()).isEqualTo("claude-haiku-4-5");
        }
        HttpResponse<String> haiku = messages(HELLO.formatted("claude-haiku-4-5-20251001"), apiKey());
        assertThat(haiku.headers().firstValue("x-opengateway-model")).hasValue("anthropic/claude-haiku-4-5");
    }

    @Test
    void anthropic_to_anthropic_passes_the_body_and_answer_through_and_bills_cache_tokens() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        String body = """
                {"model": "claude-haiku-4-5-20251001", "max_tokens": 2048,
                 "system": [{"type": "text", "text": "Be kind.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
                 "thinking": {"type": "enabled", "budget_tokens": 1024},
                 "messages": [{"role": "user", "content": "Hi"},
                   {"role": "assistant", "content": [{"type": "thinking", "thinking": "hm", "signature": "c2ln"},
                     {"type": "redacted_thinking", "data": "b3BhcXVl"}, {"type": "text", "text": "Hello"}]},
                   {"role": "user", "content": [{"type": "text", "text": "More"}]}],
                 "some_future_field": {"kept": true}}""";

        HttpResponse<String> r = messages("/v1/messages?beta=true", body,
                Map.of("x-api-key", gatewayKey(), "anthropic-beta", "interleaved-thinking-2025-05-14"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body())).isEqualTo(json(fixture("anthropic/message-text-with-cache.json")));
        FakeUpstream.Recorded up = ANTHROPIC.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/messages");
        assertThat(up.headers().get("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
        assertThat(up.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode sent = json(body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) sent).put("model", "claude-haiku-4-5");
        assertThat(json(up.body())).isEqualTo(sent);

        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.usage()).isEqualTo(new Usage(2112, 10, 2000, 100, 0));
        // 12 × 1 + 2000 × 0.10 + 100 × 1.25 + 10 × 5 = 387 per million (Haiku 4.5)
        assertMoney(rec, "0.000387", "0.00001935", "0.00040635");
        assertThat(rec.event().endpoint()).isEqualTo("messages");
        assertThat(registry.find("opengateway.requests").tags("endpoint", "messages", "provider", "anthropic")
                .counter()).isNotNull();
    }

    @Test
    void anthropic_streams_pass_through_event_by_event_and_are_billed() throws Exception {
        List<String> events = sseFixture("anthropic/stream-thinking.sse");
        ANTHROPIC.enqueue(FakeUpstream.sse(events, Duration.ZERO));

        HttpResponse<String> r = messages("""
                {"model": "claude-haiku-4-5", "max_tokens": 2048, "stream": true,
                 "thinking": {"type": "enabled", "budget_tokens": 1024},
                 "messages": [{"role": "user", "content": "27 * 453?"}]}""", apiKey());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(r.body().strip()).isEqualTo(String.join("\n\n", events));
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.event().streamed()).isTrue();
        assertThat(rec.event().endpoint()).isEqualTo("messages");
        assertThat(rec.usage().promptTokens()).isEqualTo(50);
        assertThat(rec.usage().completionTokens()).isPositive();
    }

    @Test
    void an_anthropic_error_mid_stream_ends_the_stream_with_an_error_event() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-after-content.sse"), Duration.ZERO));

        HttpResponse<String> r = messages("""
                {"model": "claude-haiku-4-5", "max_tokens": 100, "stream": true,
                 "messages": [{"role": "user", "content": "Hi"}]}""", apiKey());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"");
    }

    @Test
    void thinking_from_another_provider_is_signed_with_its_origin_and_not_sent_to_anthropic() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));
        String ask = """
                {"model": "google/gemini-3.8-flash", "max_tokens": 2048, "stream": %s,
                 "thinking": {"type": "enabled", "budget_tokens": 1024},
                 "messages": [{"role": "user", "content": "Hi"}]}""";

        JsonNode answer = json(messages(ask.formatted(false), apiKey()).body());
        JsonNode thinking = answer.path("content").get(0);
        assertThat(thinking.path("type").asText()).isEqualTo("thinking");
        assertThat(thinking.path("signature").asText()).isEqualTo("opengateway:google");
        String stream = messages(ask.formatted(true), apiKey()).body();
        // as Anthropic streams it: the signature last, just before the thinking block stops
        assertThat(stream).containsPattern("\\{\"type\":\"signature_delta\",\"signature\":\"opengateway:google\"}}\\s+"
                + "event: content_block_stop\\ndata: \\{\"type\":\"content_block_stop\",\"index\":0}");

        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        HttpResponse<String> r = messages("""
                {"model": "claude-haiku-4-5", "max_tokens": 2048,
                 "thinking": {"type": "enabled", "budget_tokens": 1024},
                 "messages": [{"role": "user", "content": "Hi"},
                   {"role": "assistant", "content": [%s, {"type": "text", "text": "Hello"}]},
                   {"role": "user", "content": "Again"},
                   {"role": "assistant", "content": [
                     {"type": "thinking", "thinking": "Anthropic's own", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
                     {"type": "text", "text": "Hello again"}]},
                   {"role": "user", "content": "Bye"}]}""".formatted(thinking), apiKey());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = json(ANTHROPIC.lastRequest().body()).path("messages");
        assertThat(sent.get(1).path("content")).hasSize(1);
        assertThat(sent.get(1).path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(sent.get(3).path("content").get(0).path("signature").asText()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA");
    }

    @Test
    void a_refusal_names_the_messages_field_the_client_sent() throws Exception {
        HttpResponse<String> r = messages("""
                {"model": "google/gemini-3.8-flash", "max_tokens": 100,
                 "tools": [{"name": "get_weather", "input_schema": {"type": "object"}}],
                 "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
                 "messages": [{"role": "user", "content": "Hi"}]}""", apiKey());

        assertAnthropicError(r, 400, "invalid_request_error", "'tool_choice.disable_parallel_tool_use: true'");
        assertThat(r.body()).doesNotContain("parallel_tool_calls");
        assertThat(GOOGLE.requests()).isEmpty();
    }

    @Test
    void count_tokens_requests_are_metered_but_not_billed() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, "{\"input_tokens\": 14}"));
        double anthropic = countTokensMeter("anthropic", "anthropic/claude-haiku-4-5");
        double local = countTokensMeter("none", "none");
        String count = """
                {"model": "%s", "messages": [{"role": "user", "content": "Hello, world"}]}""";

        HttpResponse<String> a = messages("/v1/messages/count_tokens", count.formatted("claude-haiku-4-5"), apiKey());
        HttpResponse<String> o = messages("/v1/messages/count_tokens", count.formatted("openai/gpt-4o"), apiKey());

        assertThat(json(a.body()).path("input_tokens").asInt()).isEqualTo(14);
        assertThat(json(o.body()).path("input_tokens").asInt()).isEqualTo(10);
        // counted once the exchange is complete, just after the answer went out
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(countTokensMeter("anthropic", "anthropic/claude-haiku-4-5")).isEqualTo(anthropic + 1);
            assertThat(countTokensMeter("none", "none")).isEqualTo(local + 1);
        });
        assertThat(queries.find(requestId(a))).isNull();
    }

    double countTokensMeter(String provider, String model) {
        return registry.find("opengateway.requests").tags("endpoint", "count_tokens", "provider", provider,
                "model", model).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
