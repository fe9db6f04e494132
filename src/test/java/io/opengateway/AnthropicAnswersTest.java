package io.opengateway;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.ProviderRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What today's Claude models answer, as Chat Completions through the gateway: refusals with their
 * stop details, the context-window stop, empty (omitted) thinking, thinking blocks that go back
 * unchanged to their model only, and the 402 and 409 error types. The fake Anthropic signs thinking
 * blocks and refuses an edited one, as the API does
 * (platform.claude.com/docs/en/build-with-claude/preserved-thinking).
 */
class AnthropicAnswersTest extends GatewayTestBase {

    private static final String OPUS = "anthropic/claude-opus-5-5";
    private static final String THOUGHT = "The user wants the weather in Paris: call get_weather.";

    /** A Messages answer of {@code model} with the given content blocks, stop reason and extra top-level fields. */
    private static String message(String model, String content, String stopReason, String extra) {
        return """
                {"id":"msg_a1","type":"message","role":"assistant","model":"%s","content":[%s],
                 "stop_reason":"%s","stop_sequence":null%s,"usage":{"input_tokens":30,"output_tokens":12}}"""
                .formatted(model, content, stopReason, extra);
    }

    private static String thinkingBlock(String model, String text) {
        return "{\"type\":\"thinking\",\"thinking\":" + JSON.valueToTree(text) + ",\"signature\":\""
                + ProviderRules.anthropicSignature(model, text) + "\"}";
    }

    private static final String TOOL_USE = "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
            + "\"input\":{\"city\":\"Paris\"}}";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    @Test
    void a_refusal_is_content_filter_with_its_category_and_explanation_kept() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-opus-5-5", "", "refusal",
                ",\"stop_details\":{\"type\":\"refusal\",\"category\":\"cyber\",\"explanation\":\"This could enable malware.\"}")));

        var r = post("/v1/chat/completions", chat(OPUS));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = json(r.body()).at("/choices/0");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.at("/message/stop_details/category").asText()).isEqualTo("cyber");
        assertThat(choice.at("/message/refusal").asText()).isEqualTo("This could enable malware.");
    }

    @Test
    void a_streamed_refusal_carries_its_stop_details_on_the_finishing_chunk() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_s1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-opus-5-5\",\"content\":[],\"stop_reason\":null,"
                        + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\","
                        + "\"stop_sequence\":null,\"stop_details\":{\"type\":\"refusal\",\"category\":\"bio\","
                        + "\"explanation\":null}},\"usage\":{\"output_tokens\":3}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}"), Duration.ZERO));

        var r = post("/v1/chat/completions", chat(true, OPUS));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode last = lastChunkWithFinish(r.body());
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(last.at("/choices/0/delta/stop_details/category").asText()).isEqualTo("bio");
        assertThat(last.at("/choices/0/delta/refusal").asText()).isEqualTo("Refused (category: bio)");
    }

    @Test
    void a_full_context_window_is_length() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-opus-5-5",
                "{\"type\":\"text\",\"text\":\"Partial\"}", "model_context_window_exceeded", "")));

        var r = post("/v1/chat/completions", chat(OPUS));

        assertThat(json(r.body()).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void omitted_thinking_is_no_reasoning_text_but_its_block_still_comes_back() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-opus-5-5",
                thinkingBlock("claude-opus-5-5", "") + ",{\"type\":\"text\",\"text\":\"Hi\"}", "end_turn", "")));

        var r = post("/v1/chat/completions", chat(OPUS));

        JsonNode m = json(r.body()).at("/choices/0/message");
        assertThat(m.has("reasoning_content")).isFalse();
        assertThat(m.at("/thinking_blocks/0/thinking").asText()).isEmpty();
        assertThat(m.at("/thinking_blocks/0/model").asText()).isEqualTo(OPUS);
    }

    /** Turn one of a tool loop on Opus 5.5: the assistant message as the client gets it. */
    private JsonNode firstTurn() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-opus-5-5",
                thinkingBlock("claude-opus-5-5", THOUGHT) + "," + TOOL_USE, "tool_use", "")));
        var r = post("/v1/chat/completions", "{\"model\":\"" + OPUS + "\",\"reasoning_effort\":\"high\","
                + TOOLS + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).at("/choices/0/message");
    }

    private static String secondTurn(String models, JsonNode assistant) {
        return "{\"model\":\"" + OPUS + "\",\"models\":[" + models + "],\"reasoning_effort\":\"high\"," + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}," + assistant
                + ",{\"role\":\"tool\",\"tool_call_id\":\"toolu_01\",\"content\":\"18 C\"}]}";
    }

    @Test
    void thinking_blocks_go_back_unchanged_to_the_model_that_wrote_them() throws Exception {
        JsonNode assistant = firstTurn();
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-opus-5-5", "{\"type\":\"text\",\"text\":\"18 C\"}",
                "end_turn", "")));

        var r = post("/v1/chat/completions", secondTurn("", assistant));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode turn = json(ANTHROPIC.lastRequest().body()).at("/messages/1/content");
        assertThat(turn.get(0)).isEqualTo(json(thinkingBlock("claude-opus-5-5", THOUGHT)));
        assertThat(turn.get(1).path("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void an_edited_thinking_block_is_refused_by_anthropic_and_the_refusal_reaches_the_client() throws Exception {
        ObjectNode assistant = (ObjectNode) firstTurn();
        ((ObjectNode) assistant.at("/thinking_blocks/0")).put("thinking", "Edited reasoning.");

        var r = post("/v1/chat/completions", secondTurn("", assistant));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).at("/error/message").asText()).contains("Invalid `signature` in `thinking` block");
    }

    @Test
    void thinking_blocks_are_left_out_when_the_turn_falls_back_to_another_model() throws Exception {
        JsonNode assistant = firstTurn();
        ANTHROPIC.enqueue(FakeUpstream.json(529, FakeUpstream.fixture("anthropic/error-529.json")));
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-sonnet-5-5", "{\"type\":\"text\",\"text\":\"18 C\"}",
                "end_turn", "")));

        var r = post("/v1/chat/completions", secondTurn("\"anthropic/claude-sonnet-5-5\"", assistant));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("anthropic/claude-sonnet-5-5");
        List<FakeUpstream.Recorded> sent = ANTHROPIC.requests();
        JsonNode toOpus = json(sent.get(sent.size() - 2).body());
        JsonNode toSonnet = json(sent.get(sent.size() - 1).body());
        assertThat(toOpus.at("/messages/1/content/0/type").asText()).isEqualTo("thinking");
        assertThat(toSonnet.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
        // the tool loop lost its thinking on the way to Sonnet 5.5: up-front thinking off there
        assertThat(toSonnet.at("/thinking/type").asText()).isEqualTo("between_tools");
    }

    @Test
    void thinking_the_gateway_wrote_from_another_providers_reasoning_is_not_sent_to_anthropic() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-haiku-4-5", "{\"type\":\"text\",\"text\":\"ok\"}",
                "end_turn", "")));

        var r = post("/v1/chat/completions", """
                {"model":"anthropic/claude-haiku-4-5","messages":[{"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello","thinking_blocks":[{"type":"thinking","thinking":"x",
                  "signature":"opengateway:openai"}]},{"role":"user","content":"Again"}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(ANTHROPIC.lastRequest().body()).at("/messages/1/content")).hasSize(1);
        assertThat(json(ANTHROPIC.lastRequest().body()).at("/messages/1/content/0/type").asText()).isEqualTo("text");
    }

    @Test
    void a_billing_error_falls_back_to_the_next_model_and_alone_is_a_502() throws Exception {
        String billing = "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"Your credit balance is too low.\"}}";
        ANTHROPIC.enqueue(FakeUpstream.json(402, billing));
        ANTHROPIC.enqueue(FakeUpstream.json(200, message("claude-haiku-4-5", "{\"type\":\"text\",\"text\":\"ok\"}",
                "end_turn", "")));

        var served = post("/v1/chat/completions", chat(false, OPUS, "anthropic/claude-haiku-4-5"));

        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue("x-opengateway-attempts")).hasValue("2");

        ANTHROPIC.enqueue(FakeUpstream.json(402, billing));
        var alone = post("/v1/chat/completions", chat(OPUS));

        assertThat(alone.statusCode()).isEqualTo(502);
        JsonNode error = json(alone.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_billing_error");
        assertThat(error.path("message").asText()).contains("billing").contains("Your credit balance is too low.");
    }

    @Test
    void a_conflict_error_is_a_409_the_client_may_retry() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(409,
                "{\"type\":\"error\",\"error\":{\"type\":\"conflict_error\",\"message\":\"Conflicting concurrent request.\"}}"));

        var r = post("/v1/chat/completions", chat(OPUS));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("conflict_error");
        assertThat(json(r.body()).at("/error/message").asText()).isEqualTo("Conflicting concurrent request.");
    }

    private static JsonNode lastChunkWithFinish(String sse) throws Exception {
        JsonNode found = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = json(line.substring(6));
                if (!chunk.at("/choices/0/finish_reason").isNull() && chunk.at("/choices/0/finish_reason").isTextual()) {
                    found = chunk;
                }
            }
        }
        assertThat(found).as(sse).isNotNull();
        return found;
    }
}
