package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat Completions requests to today's Claude models through the gateway, against the fake
 * Anthropic that answers what Anthropic refuses with its 400 (ProviderRules.anthropic): thinking
 * that cannot be turned off, forced tool use, budgets on adaptive-only models, effort levels a model
 * lacks, sampling parameters on 4.7 and later. Pages checked 2026-12-07:
 * platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5,
 * .../models/sonnet-5-5/whats-new-sonnet-5-5, .../build-with-claude/structured-outputs.
 */
class AnthropicCurrentModelsTest extends GatewayTestBase {

    /** A Messages answer of {@code model} with one text block. */
    static String answer(String model, String text) {
        return """
                {"id":"msg_c1","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":%s}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":20,"output_tokens":5}}""".formatted(model, JSON.valueToTree(text));
    }

    private JsonNode sent(String model, String extra) throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, answer(model.substring("anthropic/".length()), "ok")));
        var r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]" + extra + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(ANTHROPIC.lastRequest().body());
    }

    @ParameterizedTest(name = "{0} at {1}: thinking {2}, effort {3}")
    @CsvSource({
            // the level asked where the model takes it, the nearest one (a tie to the higher) where not
            "anthropic/claude-opus-5-5,   high,    adaptive,      high",
            "anthropic/claude-opus-5-5,   minimal, adaptive,      low",
            "anthropic/claude-sonnet-4-6, xhigh,   adaptive,      max",
            // none where thinking cannot be turned off: the model's lowest level
            "anthropic/claude-opus-5-5,   none,    adaptive,      low",
            "anthropic/claude-fable-5-2,  none,    adaptive,      low",
            // none elsewhere: Sonnet 5.5's off switch, disabled on the others (Opus 5 thinks by default)
            "anthropic/claude-sonnet-5-5, none,    between_tools, ",
            "anthropic/claude-opus-5,     none,    disabled,      ",
            "anthropic/claude-opus-4-8,   none,    disabled,      "})
    void reasoning_effort_is_adaptive_thinking_with_the_models_nearest_effort(String model, String effort,
            String thinking, String level) throws Exception {
        JsonNode body = sent(model, ",\"reasoning_effort\":\"" + effort + "\"");

        assertThat(body.at("/thinking/type").asText()).isEqualTo(thinking);
        assertThat(body.at("/thinking").has("budget_tokens")).isFalse();
        assertThat(body.at("/output_config/effort").asText(null)).isEqualTo(level);
        // reasoning asked for comes back as text: the newer models' default display is "omitted"
        assertThat(body.at("/thinking/display").asText(null)).isEqualTo(level == null ? null : "summarized");
    }

    @Test
    void without_reasoning_effort_no_thinking_settings_are_sent() throws Exception {
        JsonNode body = sent("anthropic/claude-opus-5-5", "");

        assertThat(body.has("thinking")).isFalse();
        assertThat(body.has("output_config")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(128000);
    }

    @Test
    void a_budget_thinking_model_keeps_its_token_budget() throws Exception {
        JsonNode body = sent("anthropic/claude-haiku-4-5", ",\"reasoning_effort\":\"medium\",\"max_tokens\":1000");

        assertThat(body.at("/thinking/type").asText()).isEqualTo("enabled");
        assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(8192);
        assertThat(body.has("output_config")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"required\"                                           | 'required'",
            "{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | a named function"})
    void a_forced_tool_choice_on_a_model_that_refuses_forced_tool_use_is_a_400_that_says_what_to_send(
            String choice, String asked) throws Exception {
        var r = post("/v1/chat/completions", """
                {"model":"anthropic/claude-opus-5-5","messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":%s}""".formatted(choice));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("tool_choice");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_parameter");
        assertThat(error.path("message").asText()).contains(asked).contains("anthropic/claude-opus-5-5")
                .contains("refuses").contains("'auto'");
        assertThat(ANTHROPIC.requests()).isEmpty();
    }

    @Test
    void a_forced_tool_goes_as_any_without_thinking_where_the_model_allows_forcing() throws Exception {
        JsonNode body = sent("anthropic/claude-opus-4-8", ",\"reasoning_effort\":\"high\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"");

        assertThat(body.at("/tool_choice/type").asText()).isEqualTo("any");
        assertThat(body.at("/thinking/type").asText()).isEqualTo("disabled");
        assertThat(body.has("output_config")).isFalse();
    }

    @Test
    void json_schema_on_a_model_that_refuses_forced_tools_is_native_output_strict_or_not() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                + "\"additionalProperties\":false}";
        JsonNode body = sent("anthropic/claude-sonnet-5-5", ",\"reasoning_effort\":\"low\",\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"place\",\"schema\":" + schema + "}}");

        assertThat(body.at("/output_config/format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/output_config/format/schema")).isEqualTo(json(schema));
        assertThat(body.at("/output_config/effort").asText()).isEqualTo("low");
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void json_object_on_a_model_that_refuses_forced_tools_is_asked_for_in_the_system_prompt() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, answer("claude-opus-5-5", "{\"city\":\"Paris\"}")));

        var r = post("/v1/chat/completions", """
                {"model":"anthropic/claude-opus-5-5","response_format":{"type":"json_object"},
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Capital of France?"}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("{\"city\":\"Paris\"}");
        JsonNode body = json(ANTHROPIC.lastRequest().body());
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/system/1/text").asText()).startsWith("Answer with JSON only, a single JSON object.");
    }

    @Test
    void json_through_a_forced_tool_stays_on_models_that_allow_forcing() throws Exception {
        JsonNode body = sent("anthropic/claude-haiku-4-5", ",\"response_format\":{\"type\":\"json_object\"}");

        assertThat(body.at("/tool_choice/name").asText()).isEqualTo("json_response");
        assertThat(body.has("output_config")).isFalse();
    }

    @Test
    void sampling_parameters_are_left_out_on_adaptive_only_models_and_named() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, answer("claude-opus-4-7", "ok")));

        var r = post("/v1/chat/completions", "{\"model\":\"anthropic/claude-opus-4-7\",\"temperature\":0.3,\"top_p\":0.8,"
                + "\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature, top_p");
        JsonNode body = json(ANTHROPIC.lastRequest().body());
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.at("/thinking/type").asText()).isEqualTo("adaptive");
    }

    // ---- the fake itself answers the documented refusals (what a regressed rule would meet) ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "thinking disabled on an always-on model | claude-opus-5-5 | \"thinking\":{\"type\":\"disabled\"} | thinking.type.disabled",
            "a budget on an adaptive-only model | claude-opus-4-7 | \"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048} | thinking.type.enabled",
            "forced tool use where refused | claude-sonnet-5-5 | \"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"any\"} | tool_choice",
            "a temperature on 4.7 and later | claude-opus-4-8 | \"temperature\":0.2 | temperature",
            "between_tools at effort max | claude-sonnet-5-5 | \"thinking\":{\"type\":\"between_tools\"},\"output_config\":{\"effort\":\"max\"} | between_tools",
            "output_format without its beta | claude-haiku-4-5 | \"output_format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}} | output_config.format",
            "a system role where the model takes none | claude-haiku-4-5 | \"system\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"system\",\"content\":\"Be brief.\"}] | Unexpected role"})
    void the_fake_anthropic_refuses_what_the_docs_say_is_a_400(String what, String model, String fields,
            String named) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":100,"
                + (fields.contains("\"messages\"") ? "" : "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],")
                + fields + "}";

        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-api-key", gatewayKey()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r.body()).at("/error/message").asText()).contains(named);
    }
}
