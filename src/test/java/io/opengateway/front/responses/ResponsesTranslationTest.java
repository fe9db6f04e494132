package io.opengateway.front.responses;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.SseBody;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /v1/responses to providers of other dialects over raw HTTP, as Codex sends it
 * ({@code store: false}, {@code include: ["reasoning.encrypted_content"]}): tool loops whose
 * reasoning state travels in the reasoning items, fallbacks, billing, errors and stream events.
 */
class ResponsesTranslationTest extends GatewayTestBase {

    @Autowired
    UsageQueries queries;

    @Autowired
    MeterRegistry registry;

    static final String CLAUDE = "anthropic/claude-haiku-4-5";
    static final String GEMINI = "google/gemini-3.1-pro-preview";
    static final String TOOLS = """
            [{"type": "function", "name": "get_weather", "description": "Weather", "strict": false,
              "parameters": {"type": "object", "properties": {"location": {"type": "string"}}}}]""";

    static String request(String model, String input, boolean stream) {
        return """
                {"model": "%s", "input": %s, "tools": %s, "store": false, "stream": %s,
                 "include": ["reasoning.encrypted_content"], "reasoning": {"effort": "medium", "summary": "auto"}}"""
                .formatted(model, input, TOOLS, stream);
    }

    /** The next turn's input: the first turn's user message, every output item as received, the tool's result. */
    static String nextTurn(JsonNode first, String callId) {
        ArrayNode input = JSON.createArrayNode();
        input.addObject().put("role", "user").put("content", "What is the weather in Paris?");
        first.path("output").forEach(input::add);
        input.addObject().put("type", "function_call_output").put("call_id", callId).put("output", "18C and sunny");
        return input.toString();
    }

    @Test
    void a_tool_loop_on_claude_sends_its_signed_thinking_back_from_the_reasoning_item() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-thinking-tool-use.json")));
        HttpResponse<String> turn1 = post("/v1/responses", request(CLAUDE, "\"What is the weather in Paris?\"", false));
        assertThat(turn1.statusCode()).as(turn1.body()).isEqualTo(200);
        JsonNode first = json(turn1.body());
        assertThat(first.path("output").get(0).path("type").asText()).isEqualTo("reasoning");

        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        HttpResponse<String> turn2 = post("/v1/responses", request(CLAUDE,
                nextTurn(first, "toolu_01CswdEQBMshySk6Y9DFKrfq"), false));

        assertThat(turn2.statusCode()).as(turn2.body()).isEqualTo(200);
        JsonNode up = json(ANTHROPIC.lastRequest().body()).path("messages");
        JsonNode assistant = up.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("content").get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(assistant.path("content").get(0).path("thinking").asText())
                .isEqualTo("The user wants the weather in Paris; I should call get_weather.");
        assertThat(assistant.path("content").get(0).path("signature").asText())
                .isEqualTo("EuYBCkQYAiJAgCs1le6/Pol5Z4/JMomVOouGrWdhYNsH3ukzUECbB6iWrSQtsQuRHJID6lWV");
        assertThat(assistant.path("content").get(1).path("id").asText()).isEqualTo("toolu_01CswdEQBMshySk6Y9DFKrfq");
        JsonNode result = up.get(2).path("content").get(0);
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("content").asText()).isEqualTo("18C and sunny");
        assertThat(json(turn2.body()).path("output").get(0).path("type").asText()).isEqualTo("message");
    }

    @Test
    void a_tool_loop_on_gemini_sends_the_thought_signature_back_on_its_call() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-function-calls.json")));
        JsonNode first = json(post("/v1/responses", request(GEMINI, "\"What is the weather in Paris?\"", false)).body());
        String callId = first.path("output").get(1).path("call_id").asText();
        // the portable form of the call id: the reasoning item alone carries the signature back
        ((ObjectNode) first.path("output").get(1)).put("call_id", callId.substring(0, 29));
        ((ObjectNode) first.path("output").get(2)).put("call_id", first.path("output").get(2).path("call_id").asText()
                .substring(0, 29));

        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        HttpResponse<String> turn2 = post("/v1/responses", request(GEMINI, nextTurn(first, callId.substring(0, 29)), false));

        assertThat(turn2.statusCode()).as(turn2.body()).isEqualTo(200);
        JsonNode model = json(GOOGLE.lastRequest().body()).path("contents").get(1);
        assertThat(model.path("role").asText()).isEqualTo("model");
        assertThat(model.path("parts").get(0).path("thoughtSignature").asText())
                .isEqualTo("YfuCJtrPSNxnzZZ4RDQAWpp2ydNOxIYNwUXxSYy4trVbjMU8sQXCgxQ/p8LH46VwTVmvUkBkq+9xf5XzEw==");
    }

    @Test
    void an_altered_reasoning_item_is_a_400_naming_it() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-thinking-tool-use.json")));
        JsonNode first = json(post("/v1/responses", request(CLAUDE, "\"Weather?\"", false)).body());
        ObjectNode reasoning = (ObjectNode) first.path("output").get(0);
        reasoning.put("encrypted_content", reasoning.path("encrypted_content").asText().replace('A', 'B') + "x");

        HttpResponse<String> r = post("/v1/responses", request(CLAUDE, nextTurn(first, "toolu_01CswdEQBMshySk6Y9DFKrfq"), false));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("input[1].encrypted_content");
        assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(ANTHROPIC.requests()).hasSize(1);
    }

    @Test
    void an_unknown_previous_response_id_for_a_translated_model_is_openais_400() throws Exception {
        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "input": "hi", "previous_response_id": "resp_123"}""".formatted(CLAUDE));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("previous_response_id");
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("previous_response_not_found");
        assertThat(ANTHROPIC.requests()).isEmpty();
        HttpResponse<String> noInput = post("/v1/responses", "{\"model\": \"" + CLAUDE + "\"}");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(json(noInput.body()).path("error").path("param").asText()).isEqualTo("input");
    }

    @Test
    void a_failed_openai_model_falls_back_to_claude_and_is_billed_as_responses() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "openai/gpt-4o-mini", "models": ["%s"], "input": "Hello"}""".formatted(CLAUDE));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("model").asText()).isEqualTo(CLAUDE);
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
        assertThat(json(OPENAI.lastRequest().body()).path("input").asText()).isEqualTo("Hello");
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.event().endpoint()).isEqualTo("responses");
        assertThat(rec.event().servedModel()).isEqualTo(CLAUDE);
        assertThat(registry.find("opengateway.requests").tags("endpoint", "responses", "provider", "anthropic")
                .counter()).isNotNull();
    }

    @Test
    void claudes_reasoning_state_is_left_out_when_the_next_turn_goes_to_gemini() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-thinking-tool-use.json")));
        JsonNode first = json(post("/v1/responses", request(CLAUDE, "\"What is the weather in Paris?\"", false)).body());

        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        HttpResponse<String> turn2 = post("/v1/responses", request(GEMINI,
                nextTurn(first, "toolu_01CswdEQBMshySk6Y9DFKrfq"), false));

        assertThat(turn2.statusCode()).as(turn2.body()).isEqualTo(200);
        JsonNode model = json(GOOGLE.lastRequest().body()).path("contents").get(1);
        assertThat(model.toString()).doesNotContain("EuYBCkQYAiJA").doesNotContain("I should call get_weather");
        // Gemini 3.1 Pro enforces signatures: a call it did not make gets Google's documented placeholder
        assertThat(model.path("parts").get(0).path("thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
    }

    @Test
    void images_by_url_and_data_url_and_the_safety_identifier_reach_claude() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "safety_identifier": "user-42", "metadata": {"run": "7"}, "input": [{"role": "user", "content": [
                  {"type": "input_text", "text": "Compare"},
                  {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "auto"},
                  {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo="}]}]}""".formatted(CLAUDE));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode up = json(ANTHROPIC.lastRequest().body());
        JsonNode content = up.path("messages").get(0).path("content");
        assertThat(content.get(1).path("source").path("url").asText()).isEqualTo("https://example.com/a.png");
        assertThat(content.get(2).path("source").path("data").asText()).isEqualTo("iVBORw0KGgo=");
        assertThat(up.path("metadata").path("user_id").asText()).isEqualTo("user-42");
        assertThat(json(r.body()).path("metadata").path("run").asText()).isEqualTo("7");
    }

    @Test
    void stream_events_are_numbered_in_order_and_a_failure_midway_ends_with_error_and_response_failed() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-after-content.sse"), Duration.ZERO));

        HttpResponse<String> r = post("/v1/responses", "{\"model\": \"" + CLAUDE + "\", \"input\": \"Hi\", \"stream\": true}");

        List<String> types = new ArrayList<>();
        int n = 0;
        for (String data : SseBody.data(r.body())) {
            JsonNode e = json(data);
            assertThat(e.path("sequence_number").asInt()).isEqualTo(n++);
            types.add(e.path("type").asText());
        }
        assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "error", "response.failed");
        assertThat(r.body()).contains("event: response.failed");
    }

    @Test
    void a_codex_shaped_stream_to_gemini_leaves_out_parallel_tool_calls_false_and_names_it() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-parallel-function-calls.sse"), Duration.ZERO));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "instructions": "You are a coding agent.", "store": false, "stream": true,
                 "parallel_tool_calls": false, "tool_choice": "auto", "prompt_cache_key": "3f1c", "include":
                 ["reasoning.encrypted_content"], "reasoning": {"effort": "medium", "summary": "auto"}, "tools": %s,
                 "input": [{"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "cwd: /tmp"}]},
                           {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather?"}]}]}"""
                .formatted(GEMINI, TOOLS));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("parallel_tool_calls");
        List<String> types = new ArrayList<>();
        for (String data : SseBody.data(r.body())) {
            types.add(json(data).path("type").asText());
        }
        assertThat(types).contains("response.output_item.added", "response.function_call_arguments.done")
                .endsWith("response.completed");
        JsonNode up = json(GOOGLE.lastRequest().body());
        assertThat(up.path("systemInstruction").path("parts")).hasSize(2);
    }
}
