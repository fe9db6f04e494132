package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Claude Code 2.1 really sends (a request captured from it, trimmed: fixtures/claude-code/),
 * through the gateway to each provider without node: {@code ?beta=true}, its beta flags, a bearer
 * key, adaptive thinking with {@code output_config.effort}, a mid-conversation {@code system}
 * message, {@code context_management}, {@code cache_control}, a {@code defer_loading} tool and
 * {@code max_tokens: 32000}. ClaudeCodeTest runs Claude Code itself.
 */
class ClaudeCodeRequestTest extends GatewayTestBase {

    static final String BETAS = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
            + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20,effort-2025-11-24";

    HttpResponse<String> send(String model) throws Exception {
        ObjectNode body = (ObjectNode) json(fixture("claude-code/messages-tool-result.json"));
        body.put("model", model);
        HttpRequest r = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages?beta=true"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + gatewayKey())
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", BETAS)
                .header("x-app", "cli")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reaches_openai_translated_with_its_system_turn_in_place_and_no_reasoning_for_gpt_4o() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        HttpResponse<String> r = send("openai/gpt-4o");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("event: message_stop");
        JsonNode sent = json(OPENAI.lastRequest().body());
        JsonNode messages = sent.path("messages");
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).contains("x-anthropic-billing-header", "Claude agent");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(2).path("content").asText()).startsWith("# Environment");
        assertThat(messages.get(3).path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("Write");
        assertThat(messages.get(4).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(4).path("tool_call_id").asText()).isEqualTo("toolu_01");
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(16384); // gpt-4o's most
        assertThat(sent.has("reasoning_effort")).isFalse();
        assertThat(sent.toString()).doesNotContain("cache_control", "context_management", "output_config");
        assertThat(sent.path("tools")).hasSize(3);
    }

    /** Tools with reasoning on GPT-5.6 are refused on chat completions: the turn goes to Responses. */
    @Test
    void adaptive_effort_becomes_reasoning_effort_on_a_reasoning_model() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/responses-stream.sse"), Duration.ZERO));

        HttpResponse<String> r = send("openai/gpt-5.6-terra");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("event: message_stop");
        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/responses");
        JsonNode sent = json(OPENAI.lastRequest().body());
        assertThat(sent.path("reasoning").path("effort").asText()).isEqualTo("high");
        assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(32000);
    }

    @Test
    void reaches_gemini_with_every_instruction_in_system_instruction() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));

        HttpResponse<String> r = send("google/gemini-3.8-flash");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = json(GOOGLE.lastRequest().body());
        assertThat(sent.path("systemInstruction").toString()).contains("Claude agent", "# Environment");
        assertThat(sent.path("contents").toString()).doesNotContain("# Environment");
        assertThat(sent.path("generationConfig").path("thinkingConfig").isObject()).isTrue();
    }

    @Test
    void reaches_anthropic_as_sent_with_its_beta_flags() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-text.sse"), Duration.ZERO));

        // Claude Code's default model: it takes the mid-conversation system message and adaptive
        // thinking the request carries, which the fake Anthropic refuses on Haiku 4.5 as Anthropic does
        HttpResponse<String> r = send("anthropic/claude-opus-5-5");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        FakeUpstream.Recorded up = ANTHROPIC.lastRequest();
        assertThat(up.headers().get("anthropic-beta")).isEqualTo(BETAS);
        ObjectNode expected = (ObjectNode) json(fixture("claude-code/messages-tool-result.json"));
        expected.put("model", "claude-opus-5-5");
        assertThat(json(up.body())).isEqualTo(expected);
    }
}
