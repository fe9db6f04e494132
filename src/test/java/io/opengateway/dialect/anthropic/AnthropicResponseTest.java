package io.opengateway.dialect.anthropic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.Redactor;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.FinishReason;
import io.opengateway.model.Usage;
import io.opengateway.routing.ModelTarget;
import io.opengateway.support.FakeUpstream;

import static io.opengateway.dialect.anthropic.AnthropicFixtures.fixture;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.json;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages API answers and errors → what an OpenAI client expects. */
class AnthropicResponseTest {

    private static final String KEY = "sk-ant-unit-test-key-42";
    private static final UpstreamErrors ERRORS = new UpstreamErrors(new Redactor(new GatewayProperties(
            Map.of("anthropic", new GatewayProperties.Provider("http://x", KEY, Duration.ofSeconds(1), Duration.ofSeconds(1), GatewayProperties.CircuitBreaker.DEFAULT)),
            null, null, null, null, null)));
    private static final AnthropicResponseMapper MAPPER = new AnthropicResponseMapper(new ObjectMapper(), ERRORS);

    @ParameterizedTest
    @CsvSource({
            "message-text-with-cache, anthropic/claude-haiku-4-5, ",
            "message-parallel-tool-use, anthropic/claude-haiku-4-5, ",
            "message-thinking, anthropic/claude-haiku-4-5, ",
            "message-json-tool-answer, anthropic/claude-budget-thinking, json_response"})
    void translates_the_message_into_the_expected_chat_completion(String name, String model, String jsonTool) {
        ChatCompletion c = AnthropicResponse.read(fixture(name + ".json"), jsonTool, model);

        var out = OpenAiFormat.completion(c, new OpenAiFormat.ChunkMeta("chatcmpl-test", 1700000000L, model));

        // compared as the client reads it: numbers as written, not as Java types
        assertThat(json(out.toString())).isEqualTo(fixture(name + ".openai.json"));
    }

    @Test
    void a_native_json_answer_is_the_message_content() {
        ChatRequest req = AnthropicFixtures.chat(fixture("requests/json-schema-native.openai.json"));
        String jsonTool = JsonOutput.toolName(req, model(req.model()));

        ChatCompletion c = AnthropicResponse.read(fixture("message-json-native.json"), jsonTool, req.model());
        var out = OpenAiFormat.completion(c, new OpenAiFormat.ChunkMeta("chatcmpl-test", 1700000000L, req.model()));

        assertThat(jsonTool).isNull();
        assertThat(json(out.toString())).isEqualTo(fixture("message-json-native.openai.json"));
    }

    @ParameterizedTest
    @CsvSource({
            "end_turn, STOP", "stop_sequence, STOP", "pause_turn, STOP", "max_tokens, LENGTH",
            "model_context_window_exceeded, LENGTH", "tool_use, TOOL_CALLS", "refusal, CONTENT_FILTER"})
    void maps_each_stop_reason(String stopReason, FinishReason expected) {
        assertThat(StopReasons.map(stopReason, true)).isEqualTo(expected);
    }

    @Test
    void usage_counts_cache_reads_and_writes_in_the_prompt_and_adds_up() {
        Usage u = AnthropicUsage.read(json("{\"input_tokens\":12,\"cache_creation_input_tokens\":100,"
                + "\"cache_read_input_tokens\":2000,\"output_tokens\":10}"));

        assertThat(u).isEqualTo(new Usage(2112, 10, 2000, 100, 0));
        assertThat(u.totalTokens()).isEqualTo(u.promptTokens() + u.completionTokens());
    }

    @Test
    void an_overloaded_anthropic_is_a_bad_gateway_that_falls_back() {
        UpstreamException e = error(529, null, "error-529.json");

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("Overloaded");
        assertThat(e.upstreamStatus()).isEqualTo(529);
    }

    @Test
    void a_rate_limit_is_a_429_with_its_retry_after() {
        UpstreamException e = error(429, "17", "error-429.json");

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).isEqualTo("17");
    }

    @ParameterizedTest
    @CsvSource({
            "error-400.json, prompt is too long: 215000 tokens > 200000 maximum",
            "error-400-context-max-tokens.json, input length and `max_tokens` exceed context limit: 196014 + 8192 > 200000"})
    void a_context_window_overflow_is_context_length_exceeded_with_anthropics_message(String fixture, String says) {
        UpstreamException e = error(400, null, fixture);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.code()).isEqualTo("context_length_exceeded");
        assertThat(e.param()).isNull();
        assertThat(e.getMessage()).startsWith(says);
    }

    @Test
    void another_request_error_keeps_its_status_type_and_the_provider_message() {
        UpstreamException e = error(400, null, "error-400-roles.json");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_request_error");
        assertThat(e.getMessage()).startsWith("messages: roles must alternate");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | invalid_request_error | the prompt is too long: 215000 tokens > 200000 maximum",
            "400 | invalid_request_error | prompt is too long",
            "400 | invalid_request_error | prompt is too long: many tokens > 200000 maximum",
            "400 | api_error | prompt is too long: 215000 tokens > 200000 maximum",
            "413 | request_too_large | prompt is too long: 215000 tokens > 200000 maximum"})
    void only_anthropics_exact_wording_on_a_400_invalid_request_error_counts_as_an_overflow(int status, String type,
            String message) {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";

        UpstreamException e = MAPPER.error(target(), status, null, body.getBytes(StandardCharsets.UTF_8));

        assertThat(e.code()).isNotEqualTo("context_length_exceeded");
    }

    @Test
    void a_refused_key_is_a_bad_gateway_that_never_shows_the_key() {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}";
        UpstreamException e = MAPPER.error(target(), 401, null, body.getBytes(StandardCharsets.UTF_8));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void a_server_error_is_a_bad_gateway_with_the_provider_message() {
        UpstreamException e = error(500, null, "error-500.json");

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("Internal server error");
    }

    @Test
    void a_server_error_page_that_is_not_json_is_a_bad_gateway() {
        UpstreamException e = MAPPER.error(target(), 500, null, "<html>oops</html>".getBytes(StandardCharsets.UTF_8));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("upstream_error");
    }

    private static UpstreamException error(int status, String retryAfter, String fixture) {
        return MAPPER.error(target(), status, retryAfter,
                FakeUpstream.fixture("anthropic/" + fixture).getBytes(StandardCharsets.UTF_8));
    }

    private static ModelTarget target() {
        return new ModelTarget(model("anthropic/claude-haiku-4-5"), null, 1);
    }
}
