package io.opengateway.front.responses;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.SseBody;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools a Responses client declares, on providers of other dialects: Codex's namespace tools
 * and freeform (custom) tools, built-in web search mapped to the provider's own or left out and
 * named, and {@code text.format} for structured output.
 */
class ResponsesToolsTest extends GatewayTestBase {

    static final String CLAUDE = "anthropic/claude-haiku-4-5";

    static final String CODEX_TOOLS = """
            [{"type": "namespace", "name": "crm", "description": "Customer records",
              "tools": [{"type": "function", "name": "lookup", "description": "Find a customer",
                         "parameters": {"type": "object", "properties": {"email": {"type": "string"}}}}]},
             {"type": "custom", "name": "apply_patch", "description": "Edit files",
              "format": {"type": "grammar", "syntax": "lark", "definition": "start: \\"*** Begin Patch\\""}}]""";

    static String claudeCalls() {
        return """
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5-20251001",
                 "content": [
                   {"type": "tool_use", "id": "toolu_ns", "name": "crm__lookup", "input": {"email": "a@b.c"}},
                   {"type": "tool_use", "id": "toolu_patch", "name": "apply_patch", "input": {"input": "*** Begin Patch\\nx"}}],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 5}}""";
    }

    @Test
    void namespace_tools_are_flattened_and_custom_tools_take_one_string_and_their_calls_come_back_as_declared()
            throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, claudeCalls()));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "input": "Fix it", "tools": %s}""".formatted(CLAUDE, CODEX_TOOLS));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode tools = json(ANTHROPIC.lastRequest().body()).path("tools");
        assertThat(tools.get(0).path("name").asText()).isEqualTo("crm__lookup");
        assertThat(tools.get(1).path("name").asText()).isEqualTo("apply_patch");
        assertThat(tools.get(1).path("input_schema").path("required").get(0).asText()).isEqualTo("input");
        assertThat(tools.get(1).path("description").asText()).contains("lark").contains("*** Begin Patch");
        JsonNode out = json(r.body()).path("output");
        assertThat(out.get(0).path("type").asText()).isEqualTo("function_call");
        assertThat(out.get(0).path("name").asText()).isEqualTo("lookup");
        assertThat(out.get(0).path("namespace").asText()).isEqualTo("crm");
        assertThat(out.get(1).path("type").asText()).isEqualTo("custom_tool_call");
        assertThat(out.get(1).path("name").asText()).isEqualTo("apply_patch");
        assertThat(out.get(1).path("input").asText()).isEqualTo("*** Begin Patch\nx");

        // the next turn sends both calls back as declared, with their outputs
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        HttpResponse<String> next = post("/v1/responses", """
                {"model": "%s", "tools": %s, "input": [{"role": "user", "content": "Fix it"}, %s, %s,
                  {"type": "function_call_output", "call_id": "toolu_ns", "output": "found"},
                  {"type": "custom_tool_call_output", "call_id": "toolu_patch", "output": "applied"}]}"""
                .formatted(CLAUDE, CODEX_TOOLS, out.get(0), out.get(1)));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        JsonNode assistant = json(ANTHROPIC.lastRequest().body()).path("messages").get(1).path("content");
        assertThat(assistant.get(0).path("name").asText()).isEqualTo("crm__lookup");
        assertThat(assistant.get(1).path("input").path("input").asText()).isEqualTo("*** Begin Patch\nx");
    }

    @Test
    void a_custom_tool_call_streams_its_input_as_text_deltas() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_p\",\"name\":\"apply_patch\",\"input\":{}}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"input\\\": \\\"*** Begin\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" Patch\\\\\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"n\\\"}\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}"), Duration.ZERO));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "input": "Fix it", "stream": true, "tools": %s}""".formatted(CLAUDE, CODEX_TOOLS));

        StringBuilder input = new StringBuilder();
        JsonNode done = null;
        for (String data : SseBody.data(r.body())) {
            JsonNode e = json(data);
            if (e.path("type").asText().equals("response.custom_tool_call_input.delta")) {
                input.append(e.path("delta").asText());
            } else if (e.path("type").asText().equals("response.completed")) {
                done = e.path("response");
            }
        }
        assertThat(input.toString()).isEqualTo("*** Begin Patch\n");
        assertThat(done).isNotNull();
        assertThat(done.path("output").get(0).path("input").asText()).isEqualTo("*** Begin Patch\n");
        assertThat(done.path("output").get(0).path("call_id").asText()).isEqualTo("toolu_p");
    }

    @Test
    void web_search_is_anthropics_server_tool_and_geminis_grounding_and_left_out_and_named_elsewhere() throws Exception {
        String body = """
                {"model": "%s", "input": "News?", "tools": [{"type": "web_search",
                  "filters": {"allowed_domains": ["example.com"]}, "user_location": {"type": "approximate", "country": "FR"}},
                  {"type": "file_search", "vector_store_ids": ["vs_1"]}]}""";
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        HttpResponse<String> claude = post("/v1/responses", body.formatted(CLAUDE));
        assertThat(claude.statusCode()).as(claude.body()).isEqualTo(200);
        JsonNode search = json(ANTHROPIC.lastRequest().body()).path("tools").get(0);
        assertThat(search.path("type").asText()).isEqualTo("web_search_20250305");
        assertThat(search.path("allowed_domains").get(0).asText()).isEqualTo("example.com");
        assertThat(search.path("user_location").path("country").asText()).isEqualTo("FR");
        assertThat(claude.headers().firstValue("x-opengateway-dropped-params")).hasValue("file_search");

        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        HttpResponse<String> gemini = post("/v1/responses", body.formatted("google/gemini-3.1-pro-preview"));
        assertThat(gemini.statusCode()).as(gemini.body()).isEqualTo(200);
        assertThat(json(GOOGLE.lastRequest().body()).path("tools").get(0).has("google_search")).isTrue();

        FLAKY.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        HttpResponse<String> other = post("/v1/responses", body.formatted("flaky/model-a"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(other.headers().firstValue("x-opengateway-dropped-params")).hasValue("file_search, web_search");
        assertThat(FLAKY.lastRequest().path()).endsWith("/chat/completions");
        assertThat(json(FLAKY.lastRequest().body()).has("tools")).isFalse();
        assertThat(json(other.body()).path("output").get(0).path("type").asText()).isEqualTo("message");
    }

    @Test
    void text_format_json_schema_is_structured_output_and_the_answer_is_the_message_text() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-json-tool-answer.json")));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "input": "Who meets when?", "text": {"format": {"type": "json_schema", "name": "meeting",
                  "strict": false, "schema": {"type": "object", "properties": {"name": {"type": "string"},
                  "day": {"type": "string"}}}}}}""".formatted(CLAUDE));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode up = json(ANTHROPIC.lastRequest().body());
        assertThat(up.path("tools").get(0).path("name").asText()).isEqualTo("json_response");
        JsonNode message = json(r.body()).path("output").get(0);
        assertThat(message.path("type").asText()).isEqualTo("message");
        JsonNode answer = json(message.path("content").get(0).path("text").asText());
        assertThat(answer.path("day").asText()).isEqualTo("Friday");
        assertThat(json(r.body()).path("text").path("format").path("name").asText()).isEqualTo("meeting");
    }

    @Test
    void claudes_own_web_search_blocks_stay_out_of_a_stream_whose_answer_is_the_text() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"query\\\": \\\"news\\\"}\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"Today's news.\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}"), Duration.ZERO));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "%s", "input": "News?", "stream": true, "tools": [{"type": "web_search"}]}""".formatted(CLAUDE));

        JsonNode done = null;
        for (String data : SseBody.data(r.body())) {
            JsonNode e = json(data);
            assertThat(e.path("type").asText()).doesNotStartWith("response.function_call");
            if (e.path("type").asText().equals("response.completed")) {
                done = e.path("response");
            }
        }
        assertThat(done).as(r.body()).isNotNull();
        assertThat(done.path("output")).hasSize(1);
        assertThat(done.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Today's news.");
    }
}
