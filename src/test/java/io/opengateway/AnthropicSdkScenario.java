package io.opengateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opengateway.AnthropicSdkTest.Provider;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an Anthropic SDK in another language (TypeScript, Python) does against the gateway in one
 * run, for one model: a plain message, a stream, a two-turn tool-use loop, streamed tool use,
 * thinking on and sent back, an image, count_tokens, an upstream 429 and a fallback to another
 * provider. The client scripts (clients/anthropic-sdk.cjs, clients/anthropic_sdk.py) take the
 * {@link #args()} and print one JSON object of the same shape; this class answers for the fake
 * providers, in the order the scripts call them, and asserts on what a script printed.
 */
final class AnthropicSdkScenario {

    /** Thinking goes to a model of the same provider that thinks: OpenAI's and Gemini's need one. */
    private static final Map<String, String> THINKING_MODEL = Map.of(
            "openai/", "openai/gpt-5-mini", "google/", "google/gemini-2.5-flash-lite", "", AnthropicSdkTest.ANTHROPIC_MODEL);
    /** Where the fallback goes when the model's provider fails: another dialect. */
    private static final Map<String, String> FALLBACK_MODEL = Map.of(
            "openai/", AnthropicSdkTest.GOOGLE_MODEL, "google/", AnthropicSdkTest.OPENAI_MODEL,
            "", AnthropicSdkTest.OPENAI_MODEL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final Provider provider;
    private final Provider fallback;
    /** The step each request to the model's fake provider answers, in order. */
    private final List<String> steps = new ArrayList<>();

    private AnthropicSdkScenario(String model) {
        this.model = model;
        this.provider = AnthropicSdkTest.provider(model);
        this.fallback = AnthropicSdkTest.provider(FALLBACK_MODEL.get(prefix(model)));
    }

    /** Queues every answer the fake providers give for {@code model}'s run. */
    static AnthropicSdkScenario prime(String model) {
        AnthropicSdkScenario s = new AnthropicSdkScenario(model);
        Provider p = s.provider;
        s.answer("plain", FakeUpstream.json(200, fixture(p.text())));
        s.answer("stream", FakeUpstream.sse(sseFixture(p.stream()), Duration.ZERO));
        s.answer("tool-call", FakeUpstream.json(200, fixture(p.toolCall())));
        s.answer("tool-result", FakeUpstream.json(200, fixture(p.text())));
        s.answer("tool-stream", FakeUpstream.sse(sseFixture(p.toolStream()), Duration.ZERO));
        s.answer("thinking", FakeUpstream.json(200, fixture(
                p.fake() == GatewayTestBase.ANTHROPIC ? "anthropic/message-thinking.json" : p.text())));
        s.answer("thinking-sent-back", FakeUpstream.json(200, fixture(p.text())));
        s.answer("image", FakeUpstream.json(200, fixture(p.text())));
        if (p.fake() == GatewayTestBase.ANTHROPIC) {
            s.answer("count", FakeUpstream.json(200, "{\"input_tokens\": 14}"));
        } else if (p.fake() == GatewayTestBase.GOOGLE) {
            s.answer("count", FakeUpstream.json(200, "{\"totalTokens\": 31, \"promptTokensDetails\": []}"));
        } // OpenAI's are counted by the gateway itself
        s.answer("error", FakeUpstream.json(429, fixture(errorFixture(model, 429)), Map.of("Retry-After", "7")));
        s.answer("fallback-failure", FakeUpstream.json(retriable(model), fixture(errorFixture(model, retriable(model)))));
        s.fallback.fake().enqueue(FakeUpstream.json(200, fixture(s.fallback.text())));
        return s;
    }

    /** The script's arguments: the model, the model it thinks with, the model it falls back to. */
    List<String> args() {
        return List.of(model, THINKING_MODEL.get(prefix(model)), FALLBACK_MODEL.get(prefix(model)));
    }

    /** Asserts on what the client script printed and on what reached the fake providers. */
    void verify(String printed) throws Exception {
        JsonNode out = JSON.readTree(printed);
        assertThat(provider.fake().requests()).as("requests to %s's provider", model).hasSize(steps.size());

        JsonNode plain = out.path("plain");
        assertThat(plain.path("text").asText()).startsWith("Hello!");
        assertThat(plain.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(plain.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(plain.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode stream = out.path("stream");
        assertThat(stream.path("events").toString()).startsWith("[\"message_start\"")
                .contains("content_block_delta").endsWith("\"message_stop\"]");
        assertThat(stream.path("text").asText()).isNotBlank();
        assertThat(stream.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(stream.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode tools = out.path("tools");
        assertThat(tools.path("first_stop").asText()).isEqualTo("tool_use");
        assertWeatherCalls(tools.path("calls"));
        assertThat(tools.path("second_stop").asText()).isEqualTo("end_turn");
        assertThat(sent("tool-result").toString()).contains("18 degrees");

        JsonNode toolStream = out.path("tool_stream");
        assertThat(toolStream.path("stop_reason").asText()).isEqualTo("tool_use");
        assertWeatherCalls(toolStream.path("calls"));

        verifyThinking(out.path("thinking"));

        assertThat(out.path("image").path("stop_reason").asText()).isEqualTo("end_turn");
        String image = sent("image").toString();
        assertThat(image).contains("iVBORw0KGgo=").contains("image/png");

        assertThat(out.path("count").asInt()).isEqualTo(switch (prefix(model)) {
            case "openai/" -> 10; // counted by the gateway with o200k_base, as in AnthropicSdkTest
            case "google/" -> 31;
            default -> 14;
        });

        JsonNode error = out.path("error");
        assertThat(error.path("class").asText()).isEqualTo("RateLimitError");
        assertThat(error.path("status").asInt()).isEqualTo(429);
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("request_id").asText()).isNotBlank();

        JsonNode fell = out.path("fallback");
        assertThat(fell.path("model").asText()).isEqualTo(FALLBACK_MODEL.get(prefix(model)));
        assertThat(fell.path("text").asText()).startsWith("Hello!");
        assertThat(sent("fallback-failure").has("models")).as("the fallback list stays with the gateway").isFalse();
        assertThat(fallback.fake().requests()).hasSize(1);
    }

    private void verifyThinking(JsonNode thinking) throws Exception {
        assertThat(thinking.path("second_stop").asText()).isEqualTo("end_turn");
        JsonNode asked = sent("thinking");
        switch (prefix(model)) {
            case "openai/" -> { // Chat Completions shows no reasoning: no thinking block comes back
                assertThat(asked.path("reasoning_effort").asText()).isEqualTo("low");
                assertThat(thinking.path("blocks").toString()).doesNotContain("thinking");
            }
            case "google/" -> {
                assertThat(asked.path("generationConfig").path("thinkingConfig").path("thinkingBudget").asInt())
                        .isEqualTo(1024);
                assertThat(thinking.path("blocks").get(0).asText()).isEqualTo("thinking");
                assertThat(thinking.path("signature").asText()).isEqualTo("opengateway:google");
            }
            default -> { // Anthropic's own thinking goes back to it signed as it came, redacted blocks too
                assertThat(thinking.path("blocks").toString())
                        .isEqualTo("[\"thinking\",\"redacted_thinking\",\"text\"]");
                String signature = thinking.path("signature").asText();
                assertThat(signature).startsWith("EqQBCgIYAhIM");
                JsonNode back = sent("thinking-sent-back").path("messages").get(1).path("content");
                assertThat(back.get(0).path("signature").asText()).isEqualTo(signature);
                assertThat(back.get(1).path("type").asText()).isEqualTo("redacted_thinking");
            }
        }
    }

    private static void assertWeatherCalls(JsonNode calls) {
        assertThat(calls.size()).isPositive();
        assertThat(calls.get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(calls.get(0).path("id").asText()).isNotBlank();
        assertThat(calls.get(0).path("input").isObject()).as("parsed, not a string").isTrue();
        assertThat(calls.get(0).path("input").size()).isPositive();
    }

    private void answer(String step, FakeUpstream.Responder r) {
        steps.add(step);
        provider.fake().enqueue(r);
    }

    /** The body the model's provider got for a step. */
    private JsonNode sent(String step) throws Exception {
        return JSON.readTree(provider.fake().requests().get(steps.indexOf(step)).body());
    }

    private static String prefix(String model) {
        return model.startsWith("openai/") ? "openai/" : model.startsWith("google/") ? "google/" : "";
    }

    /** A status each provider fails with that the gateway falls back on. */
    private static int retriable(String model) {
        return switch (prefix(model)) {
            case "openai/" -> 500;
            case "google/" -> 503;
            default -> 529;
        };
    }

    private static String errorFixture(String model, int status) {
        return switch (prefix(model)) {
            case "openai/" -> "openai/error-" + status + ".json";
            case "google/" -> "gemini/error-" + status + ".json";
            default -> "anthropic/error-" + status + ".json";
        };
    }
}
