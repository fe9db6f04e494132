package io.opengateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool loop to a Gemini 4 model through the gateway, against the fake Google that refuses what
 * Gemini refuses (a level the model lacks, a budget with a level, a function result without name).
 */
class GeminiCurrentModelsTest extends GatewayTestBase {

    @Test
    void a_tool_loop_to_gemini_4_neon_goes_with_its_levels_without_sampling_and_with_named_results()
            throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));

        var r = post("/v1/chat/completions", """
                {"model": "google/gemini-4-neon", "reasoning_effort": "minimal", "temperature": 0.4,
                 "messages": [
                  {"role": "user", "content": "Weather in Paris?"},
                  {"role": "assistant", "tool_calls": [{"id": "call_p1", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_p1", "content": "18 C"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(GOOGLE.lastRequest().body());
        JsonNode thinking = body.at("/generationConfig/thinkingConfig");
        assertThat(thinking.path("thinkingLevel").asText()).as("minimal is refused on Neon").isEqualTo("low");
        assertThat(thinking.has("thinkingBudget")).isFalse();
        assertThat(body.at("/generationConfig").has("temperature")).isFalse();
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature");
        JsonNode result = body.at("/contents/2/parts/0/functionResponse");
        assertThat(result.path("name").asText()).isEqualTo("get_weather");
        assertThat(result.path("id").asText()).isEqualTo("call_p1");
        assertThat(body.at("/contents/1/parts/0/functionCall/id").asText()).isEqualTo("call_p1");
    }
}
