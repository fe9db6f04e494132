package io.opengateway.dialect.gemini;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.model.ChatRequest;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-model rules of today's Gemini models, from catalog entries built here (levels, flags):
 * thinkingLevel from the model's levels (ai.google.dev/gemini-api/docs/thinking), never with a
 * budget; function results
 * with their call's id and name (ai.google.dev/api/caching#FunctionResponse); a thought signature
 * only to its own model (ai.google.dev/gemini-api/docs/thought-signatures); JSON Schema as is.
 */
class GeminiModelRulesTest {

    private static final CatalogEntry NEON = model("google/gemini-4-neon", List.of("low", "medium", "high", "xhigh"),
            "thinking_level", "thinking_required", "thought_signatures", "sampling_refused");
    private static final CatalogEntry FLASH_LITE = model("google/gemini-3.5-flash-lite",
            List.of("minimal", "low", "medium", "high"), "thinking_level", "thought_signatures");

    private static CatalogEntry model(String id, List<String> efforts, String... flags) {
        return new CatalogEntry(id, "google", 1_048_576, 65_536L, null, Set.of(flags), null, null, efforts);
    }

    private static ChatRequest chat(String extra) throws Exception {
        return GeminiFixtures.chat(JSON.readTree("{\"model\":\"google/x\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}"));
    }

    private static JsonNode thinking(CatalogEntry model, String effort) throws Exception {
        return GeminiRequest.body(chat(",\"reasoning_effort\":\"" + effort + "\""), model)
                .at("/generationConfig/thinkingConfig");
    }

    @Test
    void the_effort_becomes_the_nearest_thinking_level_the_model_takes() throws Exception {
        assertThat(thinking(NEON, "minimal").path("thinkingLevel").asText()).as("minimal is a 400 on Neon").isEqualTo("low");
        assertThat(thinking(NEON, "none").path("thinkingLevel").asText()).isEqualTo("low");
        assertThat(thinking(NEON, "medium").path("thinkingLevel").asText()).isEqualTo("medium");
        assertThat(thinking(NEON, "max").path("thinkingLevel").asText()).isEqualTo("xhigh");
        assertThat(thinking(FLASH_LITE, "none").path("thinkingLevel").asText()).isEqualTo("minimal");
        assertThat(thinking(FLASH_LITE, "xhigh").path("thinkingLevel").asText()).as("no xhigh here").isEqualTo("high");
    }

    @Test
    void a_thinking_budget_never_goes_with_a_thinking_level() throws Exception {
        CatalogEntry both = model("google/gemini-x", List.of("low", "high"), "thinking_level", "thinking_budget");
        ChatRequest p = chat("");
        // a Messages-API client's exact budget (the only way a budget reaches the dialect)
        ChatRequest budgeted = new ChatRequest(p.model(), p.models(), p.messages(), false, false, 4000, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 20_000,
                null, null, null);

        JsonNode t = GeminiRequest.body(budgeted, both).at("/generationConfig/thinkingConfig");

        assertThat(t.path("thinkingLevel").asText()).isEqualTo("high");
        assertThat(t.has("thinkingBudget")).isFalse();
    }

    @Test
    void a_function_result_carries_its_calls_id_and_name() throws Exception {
        ObjectNode body = GeminiRequest.body(GeminiFixtures.chat(JSON.readTree("""
                {"model": "google/x", "messages": [
                  {"role": "user", "content": "Weather?"},
                  {"role": "assistant", "tool_calls": [{"id": "call_a1", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_a1", "content": "sunny"}]}""")), FLASH_LITE);

        JsonNode call = body.at("/contents/1/parts/0/functionCall");
        JsonNode result = body.at("/contents/2/parts/0/functionResponse");
        assertThat(call.path("id").asText()).isEqualTo("call_a1");
        assertThat(result.path("id").asText()).isEqualTo("call_a1");
        assertThat(result.path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void a_signature_made_by_one_model_is_not_sent_to_another() throws Exception {
        String sig = "c2lnbmVkLWJ5LW5lb24=";
        String id = ThoughtSignatures.toolCallId(sig, NEON.id());
        String history = """
                {"model": "google/x", "messages": [
                  {"role": "user", "content": "Weather?"},
                  {"role": "assistant", "tool_calls": [{"id": "%s", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "%s", "content": "sunny"}]}""".formatted(id, id);

        JsonNode toNeon = GeminiRequest.body(GeminiFixtures.chat(JSON.readTree(history)), NEON).at("/contents/1/parts/0");
        JsonNode toLite = GeminiRequest.body(GeminiFixtures.chat(JSON.readTree(history)), FLASH_LITE)
                .at("/contents/1/parts/0");

        assertThat(toNeon.path("thoughtSignature").asText()).isEqualTo(sig);
        assertThat(toLite.path("thoughtSignature").asText()).isEqualTo(ThoughtSignatures.PLACEHOLDER);
        assertThat(toLite.toString()).doesNotContain(sig.substring(0, 12));
    }

    @Test
    void structured_output_goes_as_standard_json_schema() throws Exception {
        ObjectNode body = GeminiRequest.body(chat(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"w\",\"schema\":{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"number\",\"null\"]}},"
                + "\"additionalProperties\":false,\"required\":[\"t\"]}}}"), NEON);

        JsonNode config = body.path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.has("responseSchema")).isFalse();
        assertThat(config.at("/responseJsonSchema/additionalProperties").asBoolean(true)).isFalse();
        assertThat(config.at("/responseJsonSchema/properties/t/type/1").asText()).isEqualTo("null");
    }
}
