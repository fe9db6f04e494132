package io.opengateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** anthropic/* models through the real routes and a fake Anthropic, with the official OpenAI Java client. */
class AnthropicChatTest extends GatewayTestBase {

    private static final String MODEL = "anthropic/claude-haiku-4-5";

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Hello");
    }

    private static ChatCompletionFunctionTool tool(String name) {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(name)
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build()).build();
    }

    @Test
    void answers_a_chat_completion_through_the_messages_api() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        ChatCompletion c = client().chat().completions().create(params().addSystemMessage("Be kind.").build());

        assertThat(c.model()).isEqualTo(MODEL);
        assertThat(c.choices().get(0).message().content()).hasValue("Hello! How can I help you today?");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage().get().promptTokens()).isEqualTo(2112);
        assertThat(c.usage().get().promptTokensDetails().get().cachedTokens()).hasValue(2000L);
        assertThat(c.usage().get().totalTokens()).isEqualTo(2122);

        FakeUpstream.Recorded up = ANTHROPIC.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/messages");
        assertThat(up.headers().get("x-api-key")).isEqualTo(ANTHROPIC_KEY);
        assertThat(up.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(up.headers()).doesNotContainKey("authorization");
        assertThat(up.body()).doesNotContain(gatewayKey());
        JsonNode body = json(up.body());
        assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64000);
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("Be kind.");
    }

    @Test
    void names_the_served_model_and_the_upstream_snapshot_in_headers() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        var r = post("/v1/chat/completions", chat(MODEL));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("anthropic");
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(MODEL);
        assertThat(r.headers().firstValue("x-opengateway-upstream-model")).hasValue("claude-haiku-4-5-20251001");
    }

    @Test
    void streams_text_then_the_finish_and_the_usage_chunk_when_asked() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-text.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        var p = params().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(p)) {
            s.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Hello there!");
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().get().promptTokens()).isEqualTo(125);
        assertThat(last.usage().get().completionTokens()).isEqualTo(15);
        JsonNode up = json(ANTHROPIC.lastRequest().body());
        assertThat(up.path("stream").asBoolean()).isTrue();
        assertThat(ANTHROPIC.lastRequest().headers().get("accept-encoding")).isEqualTo("identity");
    }

    @Test
    void streams_parallel_tool_calls_with_distinct_indexes() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-parallel-tool-use.sse"), Duration.ZERO));

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        Set<Long> indexes = new HashSet<>();
        var p = params().addTool(tool("get_weather")).addTool(tool("get_time")).build();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(p)) {
            s.stream().forEach(c -> {
                acc.accumulate(c);
                c.choices().forEach(ch -> ch.delta().toolCalls().ifPresent(calls -> calls.forEach(tc -> indexes.add(tc.index()))));
            });
        }

        ChatCompletion whole = acc.chatCompletion();
        List<ChatCompletionMessageToolCall> calls = whole.choices().get(0).message().toolCalls().get();
        assertThat(indexes).containsExactlyInAnyOrder(0L, 1L, 2L);
        assertThat(calls).extracting(tc -> tc.asFunction().id()).containsExactly(
                "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "toolu_01Ux7nGdzX3Vm9b2qWLsKPuA", "toolu_01Ck9sYmLwVd3JbHtG5rQz8e");
        assertThat(json(calls.get(0).asFunction().function().arguments()))
                .isEqualTo(json("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"));
        assertThat(json(calls.get(1).asFunction().function().arguments()))
                .isEqualTo(json("{\"location\":\"Paris, France\"}"));
        assertThat(json(calls.get(2).asFunction().function().arguments())).isEqualTo(json("{}"));
        assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void runs_an_agent_loop_of_two_turns() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-parallel-tool-use.json")));
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        ChatCompletionCreateParams.Builder conversation = params().addTool(tool("get_weather")).addTool(tool("get_time"));

        ChatCompletion first = client().chat().completions().create(conversation.build());
        ChatCompletionMessage assistant = first.choices().get(0).message();
        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        conversation.addMessage(assistant);
        for (ChatCompletionMessageToolCall call : assistant.toolCalls().get()) {
            conversation.addMessage(ChatCompletionToolMessageParam.builder()
                    .toolCallId(call.asFunction().id()).content("result of " + call.asFunction().function().name()).build());
        }
        ChatCompletion second = client().chat().completions().create(conversation.build());

        assertThat(second.choices().get(0).message().content()).hasValue("Hello! How can I help you today?");
        JsonNode messages = json(ANTHROPIC.lastRequest().body()).path("messages");
        assertThat(messages).hasSize(3);
        JsonNode toolUses = messages.get(1).path("content");
        assertThat(toolUses.get(0).path("type").asText()).isEqualTo("text");
        assertThat(toolUses.get(1).path("input")).isEqualTo(json("{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
        assertThat(toolUses.get(3).path("input")).isEqualTo(json("{}"));
        JsonNode results = messages.get(2).path("content");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.path("type").asText()).isEqualTo("tool_result"));
        assertThat(results.get(1).path("tool_use_id").asText()).isEqualTo("toolu_01Ux7nGdzX3Vm9b2qWLsKPuA");
    }

    @Test
    void carries_thinking_blocks_back_to_anthropic_on_the_next_turn() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-thinking.json")));
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        String ask = "{\"model\":\"" + MODEL + "\",\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\",\"content\":\"27*453?\"}";

        JsonNode first = json(post("/v1/chat/completions", ask + "]}").body());
        JsonNode answer = first.path("choices").get(0).path("message");
        assertThat(answer.path("reasoning_content").asText()).startsWith("27 * 453");
        var r = post("/v1/chat/completions", ask + "," + answer + ",{\"role\":\"user\",\"content\":\"Sure?\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode sent = json(ANTHROPIC.lastRequest().body());
        assertThat(sent.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        JsonNode turn = sent.path("messages").get(1).path("content");
        assertThat(turn.get(0).path("signature").asText()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
        assertThat(turn.get(1).path("type").asText()).isEqualTo("redacted_thinking");
        assertThat(turn.get(2).path("text").asText()).isEqualTo("27 × 453 = 12,231");
    }

    @Test
    void a_thinking_tool_loop_sends_the_signed_thinking_back_when_the_client_keeps_thinking_blocks() throws Exception {
        ChatCompletionCreateParams.Builder conversation = params().addTool(tool("get_weather"))
                .reasoningEffort(ReasoningEffort.MEDIUM);
        ChatCompletionMessage assistant = thinkingToolCall(conversation);
        // the SDK's typed message drops fields it does not know: the client carries thinking_blocks over
        conversation.addMessage(assistant.toParam().toBuilder()
                .putAdditionalProperty("thinking_blocks", assistant._additionalProperties().get("thinking_blocks")).build());
        conversation.addMessage(toolResult(assistant));
        client().chat().completions().create(conversation.build());

        JsonNode sent = json(ANTHROPIC.lastRequest().body());
        assertThat(sent.path("thinking").path("type").asText()).isEqualTo("enabled");
        JsonNode turn = sent.path("messages").get(1).path("content");
        assertThat(turn.get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(turn.get(0).path("signature").asText()).startsWith("EuYBCkQYAiJAgCs1le6");
        assertThat(turn.get(1).path("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void a_thinking_tool_loop_without_its_thinking_blocks_goes_on_without_thinking_instead_of_failing() throws Exception {
        ChatCompletionCreateParams.Builder conversation = params().addTool(tool("get_weather"))
                .reasoningEffort(ReasoningEffort.MEDIUM);
        ChatCompletionMessage assistant = thinkingToolCall(conversation);
        conversation.addMessage(assistant);
        conversation.addMessage(toolResult(assistant));
        ChatCompletion second = client().chat().completions().create(conversation.build());

        assertThat(second.choices().get(0).message().content()).isPresent();
        JsonNode sent = json(ANTHROPIC.lastRequest().body());
        assertThat(sent.has("thinking")).isFalse();
        assertThat(sent.path("messages").get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
    }

    /** Turn one of a tool loop with thinking: the model thinks, then calls get_weather. */
    private ChatCompletionMessage thinkingToolCall(ChatCompletionCreateParams.Builder conversation) {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-thinking-tool-use.json")));
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));
        return client().chat().completions().create(conversation.build()).choices().get(0).message();
    }

    private static ChatCompletionToolMessageParam toolResult(ChatCompletionMessage assistant) {
        return ChatCompletionToolMessageParam.builder()
                .toolCallId(assistant.toolCalls().get().get(0).asFunction().id()).content("18°C").build();
    }

    @Test
    void returns_a_json_schema_answer_as_message_content_not_a_tool_call() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-json-tool-answer.json")));
        var format = ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name("calendar_event")
                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "name", Map.of("type", "string"), "day", Map.of("type", "string"))))
                        .build())
                .build()).build();

        ChatCompletion c = client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anthropic/claude-budget-thinking").addUserMessage("Alice meets Bob on Friday.").responseFormat(format).build());

        assertThat(json(c.choices().get(0).message().content().get()))
                .isEqualTo(json("{\"name\":\"Alice and Bob\",\"day\":\"Friday\"}"));
        assertThat(c.choices().get(0).message().toolCalls()).isEmpty();
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        JsonNode up = json(ANTHROPIC.lastRequest().body());
        assertThat(up.path("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"json_response\"}"));
    }

    @Test
    void streams_a_json_schema_answer_as_content_deltas() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-json-tool-answer.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", "{\"model\":\"anthropic/claude-budget-thinking\",\"stream\":true,"
                + "\"response_format\":{\"type\":\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":\"JSON please\"}]}");

        StringBuilder content = new StringBuilder();
        for (JsonNode chunk : chunks(r.body())) {
            assertThat(chunk.path("choices").get(0).path("delta").has("tool_calls")).isFalse();
            content.append(chunk.path("choices").get(0).path("delta").path("content").asText(""));
        }
        assertThat(json(content.toString())).isEqualTo(json("{\"name\":\"Alice and Bob\",\"day\":\"Friday\"}"));
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void an_overloaded_anthropic_falls_back_to_the_next_model() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"models\":[\"openai/gpt-4o-mini\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
    }

    @Test
    void an_overloaded_anthropic_alone_answers_502_with_its_message() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));

        var r = post("/v1/chat/completions", chat(MODEL));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r.body()).path("error").path("message").asText()).contains("Overloaded");
    }

    @Test
    void a_rate_limited_anthropic_answers_429_with_retry_after() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(429, fixture("anthropic/error-429.json"), Map.of("retry-after", "12")));

        var r = post("/v1/chat/completions", chat(MODEL));

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("12");
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void a_refused_provider_key_is_a_502_that_never_shows_the_key() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(401, fixture("anthropic/error-401.json")));

        var r = post("/v1/chat/completions", chat(MODEL));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("upstream_auth_failed");
        assertThat(r.body()).doesNotContain(ANTHROPIC_KEY);
    }

    @Test
    void a_stream_that_fails_before_any_content_falls_back() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-before-content.sse"), Duration.ZERO));
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"models\":[\"openai/gpt-4o-mini\"],\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        assertThat(r.body()).doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void an_error_event_mid_stream_ends_the_stream_with_an_error() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-after-content.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell a story\"}]}");

        List<JsonNode> chunks = chunks(r.body());
        assertThat(chunks.get(1).path("choices").get(0).path("delta").path("content").asText()).isEqualTo("Once upon");
        assertThat(chunks.get(chunks.size() - 1).path("error").path("code").asText()).isEqualTo("overloaded_error");
        assertThat(r.body()).doesNotContain("[DONE]");
    }

    @Test
    void a_dropped_connection_mid_stream_ends_with_an_error_not_a_clean_end() throws Exception {
        List<String> events = sseFixture("anthropic/stream-text.sse").subList(0, 5);
        ANTHROPIC.enqueue(FakeUpstream.sse(events, Duration.ZERO, new StreamControl(events.size() + 1).dieAtEnd()));

        var r = post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        List<JsonNode> chunks = chunks(r.body());
        assertThat(chunks.get(chunks.size() - 1).has("error")).isTrue();
        assertThat(r.body()).doesNotContain("[DONE]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"n\":2 | n", "\"temperature\":0.4,\"top_p\":0.9 | top_p"})
    void refuses_what_anthropic_cannot_honour_naming_the_parameter_without_calling_anthropic(String extra, String param)
            throws Exception {
        var r = post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\"," + extra + ","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("param").asText()).isEqualTo(param);
        assertThat(err.path("message").asText()).contains("anthropic");
        assertThat(ANTHROPIC.requests()).isEmpty();
    }

    /** The JSON chunks of a raw SSE body, without the final [DONE]. */
    private static List<JsonNode> chunks(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            String data = event.substring(event.indexOf("data: ") + 6);
            if (!data.equals("[DONE]")) {
                out.add(json(data));
            }
        }
        return out;
    }
}
