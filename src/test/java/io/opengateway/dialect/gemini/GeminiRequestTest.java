package io.opengateway.dialect.gemini;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.opengateway.error.GatewayException;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request rules that end in a 400 (never a 500, never a silent drop), and the small mappings. */
class GeminiRequestTest {

    private static ObjectNode map(String model, String messages, String extra) throws Exception {
        var body = JSON.readTree("{\"model\":\"" + model + "\",\"messages\":" + messages + extra + "}");
        return GeminiRequest.body(GeminiFixtures.chat(body), GeminiFixtures.model(model));
    }

    private static ObjectNode map(String messages) throws Exception {
        return map("google/gemini-3.8-flash", messages, "");
    }

    private static Consumer<GatewayException> badRequest(String param) {
        return e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.param()).isEqualTo(param);
        };
    }

    @Test
    void a_tool_result_for_an_unknown_call_is_a_400() {
        assertThatThrownBy(() -> map("[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_x\",\"content\":\"42\"}]"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("messages[1].tool_call_id"));
    }

    @Test
    void tool_call_arguments_that_are_not_a_json_object_are_a_400() {
        assertThatThrownBy(() -> map("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}]"))
                .isInstanceOfSatisfying(GatewayException.class,
                        badRequest("messages[1].tool_calls[0].function.arguments"));
    }

    @Test
    void an_image_url_gemini_cannot_fetch_is_a_400() {
        assertThatThrownBy(() -> map("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"http://example.com/cat.png\"}}]}]"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("messages[0].content[0].image_url.url"));
        assertThatThrownBy(() -> map("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png,rawbytes\"}}]}]"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("messages[0].content[0].image_url.url"));
    }

    @Test
    void a_content_part_gemini_is_not_sent_is_a_400_naming_it() {
        assertThatThrownBy(() -> map("[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":"
                + "{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.param()).isEqualTo("messages[0].content[0]");
                    assertThat(e.getMessage()).contains("input_audio");
                });
    }

    @Test
    void reasoning_effort_on_a_model_that_does_not_reason_is_a_400_unless_none() throws Exception {
        assertThatThrownBy(() -> map("google/gemini-openapi-schema", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"reasoning_effort\":\"high\""))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("reasoning_effort"));

        var body = map("google/gemini-openapi-schema", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"reasoning_effort\":\"none\"");
        assertThat(body.has("generationConfig")).isFalse();
    }

    @Test
    void top_logprobs_without_logprobs_and_a_seed_beyond_32_bits_are_400s() {
        assertThatThrownBy(() -> map("google/gemini-openapi-schema", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"top_logprobs\":2"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("top_logprobs"));
        assertThatThrownBy(() -> map("google/gemini-openapi-schema", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"seed\":4294967296"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("seed"));
    }

    @Test
    void instructions_alone_are_sent_as_the_user_turn() throws Exception {
        var body = map("[{\"role\":\"system\",\"content\":\"Tell a joke.\"}]");

        assertThat(body.has("systemInstruction")).isFalse();
        assertThat(body.path("contents")).isEqualTo(JSON.readTree(
                "[{\"role\":\"user\",\"parts\":[{\"text\":\"Tell a joke.\"}]}]"));
    }

    @Test
    void the_signature_placeholder_is_only_for_models_that_enforce_signatures() throws Exception {
        String history = "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"1\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":\"2\"}]";

        var gemini3 = map("google/gemini-3.1-pro-preview", history, "").path("contents").path(1).path("parts");
        var gemini25 = map("google/gemini-2.5-flash-lite", history, "").path("contents").path(1).path("parts");

        assertThat(gemini3.path(0).path("thoughtSignature").asText()).isEqualTo(ThoughtSignatures.PLACEHOLDER);
        assertThat(gemini3.path(1).has("thoughtSignature")).isFalse();
        assertThat(gemini25.path(0).has("thoughtSignature")).isFalse();
    }

    @Test
    void tool_choice_none_and_auto_map_to_their_modes() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":";
        String msgs = "[{\"role\":\"user\",\"content\":\"hi\"}]";

        assertThat(map("google/gemini-3.8-flash", msgs, tools + "\"none\"")
                .at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("NONE");
        assertThat(map("google/gemini-3.8-flash", msgs, tools + "\"auto\"")
                .at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("AUTO");
    }

    @Test
    void every_reasoning_effort_has_a_budget_and_a_level() {
        assertThat(new String[] {"none", "minimal", "low", "medium", "high", "xhigh"})
                .extracting(GeminiRequest::thinkingBudget).containsExactly(0, 512, 1024, 8192, 24576, 24576);
        assertThat(new String[] {"none", "minimal", "low", "medium", "high", "xhigh"})
                .extracting(GeminiRequest::thinkingLevel).containsExactly("low", "low", "low", "high", "high", "high");
    }

    @Test
    void an_https_image_url_without_a_known_extension_goes_without_a_type_for_gemini_to_find() throws Exception {
        var parts = map("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"https://example.com/render?id=7\"}}]}]").at("/contents/0/parts");

        assertThat(parts).isEqualTo(JSON.readTree(
                "[{\"fileData\":{\"fileUri\":\"https://example.com/render?id=7\"}}]"));
    }

    @Test
    void n_above_1_on_a_model_with_a_single_candidate_is_a_400_and_goes_through_elsewhere() throws Exception {
        String msgs = "[{\"role\":\"user\",\"content\":\"hi\"}]";

        assertThatThrownBy(() -> map("google/gemini-4-neon", msgs, ",\"n\":2"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("n").andThen(
                        e -> assertThat(e.getMessage()).contains("google")));
        assertThat(map("google/gemini-4-neon", msgs, ",\"n\":1").at("/generationConfig/candidateCount").asInt())
                .isEqualTo(1);
        assertThat(map("google/gemini-3.8-flash", msgs, ",\"n\":2").at("/generationConfig/candidateCount").asInt())
                .isEqualTo(2);
    }

    @Test
    void no_reasoning_on_a_model_that_cannot_stop_thinking_is_its_lowest_budget() throws Exception {
        var config = map("google/gemini-budget-required", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"reasoning_effort\":\"none\"").path("generationConfig");

        assertThat(config.path("thinkingConfig")).isEqualTo(JSON.readTree("{\"thinkingBudget\":128}"));
        assertThat(map("google/gemini-3.8-flash", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"reasoning_effort\":\"none\"").at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
                .isZero();
    }

    @Test
    void parallel_tool_calls_false_is_a_400_when_the_model_may_call_tools() throws Exception {
        String msgs = "[{\"role\":\"user\",\"content\":\"hi\"}]";
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"parallel_tool_calls\":false";

        for (String choice : new String[] {"", ",\"tool_choice\":\"auto\"", ",\"tool_choice\":\"required\"",
                ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"}) {
            assertThatThrownBy(() -> map("google/gemini-3.8-flash", msgs, tools + choice)).as(choice)
                    .isInstanceOfSatisfying(GatewayException.class, badRequest("parallel_tool_calls").andThen(
                            e -> assertThat(e.getMessage()).contains("google")));
        }
        // nothing to forbid when no call can happen
        assertThat(map("google/gemini-3.8-flash", msgs, tools + ",\"tool_choice\":\"none\"")
                .at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("NONE");
        assertThat(map("google/gemini-3.8-flash", msgs, ",\"parallel_tool_calls\":false").has("tools")).isFalse();
    }

    @Test
    void a_free_form_tool_schema_on_a_model_without_json_schema_is_a_400() {
        assertThatThrownBy(() -> map("google/gemini-openapi-schema", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                        + "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}}}]"))
                .isInstanceOfSatisfying(GatewayException.class, badRequest("tools[0].function.parameters"));
    }
}
