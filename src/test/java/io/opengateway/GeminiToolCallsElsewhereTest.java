package io.opengateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool loop begun on a google/* model and continued on another provider (a fallback, a model
 * switch): the ids Gemini's calls got carry their thought signatures, far longer than OpenAI takes.
 * The other providers get each id's stable prefix, the same in the calls and in their results.
 */
class GeminiToolCallsElsewhereTest extends GatewayTestBase {

    private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\"}}}}}]";
    private static final String QUESTION = "{\"role\":\"user\",\"content\":\"Weather in Paris and London?\"}";

    /** Turn one on Gemini 3; its assistant message as the client received it, signatures and all. */
    private JsonNode firstTurnOnGemini() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-function-calls.json")));
        var r = post("/v1/chat/completions", "{\"model\":\"google/gemini-3.1-pro-preview\",\"tools\":" + TOOLS
                + ",\"messages\":[" + QUESTION + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode asked = json(r.body()).at("/choices/0/message");
        // what makes this test mean something: a long id and Google's extra field on the first call
        assertThat(asked.at("/tool_calls/0/id").asText()).hasSizeGreaterThan(40);
        assertThat(asked.at("/tool_calls/0").has("extra_content")).isTrue();
        return asked;
    }

    /** Turn two's body: the history sent back exactly as received, each call answered. */
    private String secondTurn(String models, JsonNode asked) {
        ObjectNode body = JSON.createObjectNode();
        try {
            body.setAll((ObjectNode) JSON.readTree(models));
            body.set("tools", JSON.readTree(TOOLS));
            ArrayNode messages = body.putArray("messages");
            messages.add(JSON.readTree(QUESTION));
            messages.add(asked);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (JsonNode call : asked.path("tool_calls")) {
            ObjectNode result = ((ArrayNode) body.get("messages")).addObject();
            result.put("role", "tool");
            result.put("tool_call_id", call.path("id").asText());
            result.put("content", call.at("/function/arguments").asText().contains("Paris") ? "18C sunny" : "14C rain");
        }
        return body.toString();
    }

    private static String prefix(JsonNode call) {
        return call.path("id").asText().substring(0, "call_".length() + 24);
    }

    @Test
    void a_fallback_to_openai_gets_short_ids_in_calls_and_results_and_no_google_field() throws Exception {
        JsonNode asked = firstTurnOnGemini();
        GOOGLE.enqueue(FakeUpstream.json(503, fixture("gemini/error-503.json")));
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", secondTurn(
                "{\"model\":\"google/gemini-3.1-pro-preview\",\"models\":[\"openai/gpt-4o-mini\"]}", asked));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("openai");
        // Gemini, tried first, still got the signature back
        assertThat(json(GOOGLE.lastRequest().body()).at("/contents/1/parts/0/thoughtSignature").asText())
                .isEqualTo(GeminiChatTest.FIRST_CALL_SIGNATURE);
        String sent = OPENAI.lastRequest().body();
        JsonNode messages = json(sent).path("messages");
        for (int i = 0; i < 2; i++) {
            String id = messages.at("/1/tool_calls/" + i + "/id").asText();
            assertThat(id).isEqualTo(prefix(asked.at("/tool_calls/" + i))).hasSizeLessThanOrEqualTo(40);
            assertThat(messages.at("/" + (2 + i) + "/tool_call_id").asText()).isEqualTo(id);
        }
        assertThat(sent).doesNotContain("extra_content").doesNotContain("_ts_");
        assertThat(messages.at("/1/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void a_switch_to_anthropic_gets_the_same_short_ids_in_tool_use_and_tool_result() throws Exception {
        JsonNode asked = firstTurnOnGemini();
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        var r = post("/v1/chat/completions", secondTurn("{\"model\":\"anthropic/claude-haiku-4-5\"}", asked));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String sent = ANTHROPIC.lastRequest().body();
        JsonNode messages = json(sent).path("messages");
        JsonNode uses = messages.at("/1/content");
        JsonNode results = messages.at("/2/content");
        assertThat(uses).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(uses.at("/" + i + "/type").asText()).isEqualTo("tool_use");
            String id = uses.at("/" + i + "/id").asText();
            assertThat(id).isEqualTo(prefix(asked.at("/tool_calls/" + i))).matches("[a-zA-Z0-9_-]{1,40}");
            assertThat(results.at("/" + i + "/type").asText()).isEqualTo("tool_result");
            assertThat(results.at("/" + i + "/tool_use_id").asText()).isEqualTo(id);
        }
        assertThat(sent).doesNotContain("_ts_");
    }
}
