package io.opengateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.GeminiChatTest.assertSecondTurnCarriesTheSignature;
import static io.opengateway.GeminiChatTest.params;
import static io.opengateway.GeminiChatTest.weatherTool;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Streamed answers of google/* models: Gemini's alt=sse stream as Chat Completions chunks. */
class GeminiStreamingTest extends GatewayTestBase {

    private static final String STREAM_SIGNATURE = "lhQYlqNXiOA31VElohd88oElafZ1Lj2sSgo8Dtknsdp/8P3+BXIdS5nnzU03W1Cb";

    private List<ChatCompletionChunk> stream(ChatCompletionCreateParams p) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(p)) {
            s.stream().forEach(chunks::add);
        }
        return chunks;
    }

    /** The data lines of a raw event stream. */
    private static List<String> events(String body) {
        List<String> out = new ArrayList<>();
        for (String e : body.split("\n\n")) {
            if (e.startsWith("data: ")) {
                out.add(e.substring(6));
            }
        }
        return out;
    }

    private static String streamBody(String model) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    @Test
    void streams_the_role_first_then_reasoning_and_text_then_the_finish_and_done() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", streamBody("google/gemini-3.8-flash"));

        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> events = events(r.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) {
            chunks.add(json(e));
        }
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/reasoning_content").asText()).startsWith("**Planning");
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo("Hello there! How can I help?");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asText()).isEqualTo("google/gemini-3.8-flash");
            assertThat(c.has("usage")).isFalse();
        });

        FakeUpstream.Recorded up = GOOGLE.lastRequest();
        assertThat(up.path()).isEqualTo("/v1beta/models/gemini-3.8-flash:streamGenerateContent");
        assertThat(up.query()).isEqualTo("alt=sse");
        assertThat(up.headers().get("x-goog-api-key")).isEqualTo(GOOGLE_KEY);
        assertThat(up.headers().get("accept-encoding")).isEqualTo("identity");
    }

    @Test
    void streams_the_usage_of_the_last_usage_metadata_when_the_client_asks_for_it() {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = stream(params("google/gemini-3.8-flash").addUserMessage("Hi")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        var usage = last.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(6);
        assertThat(usage.completionTokens()).isEqualTo(40);
        assertThat(usage.totalTokens()).isEqualTo(46);
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(32L);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(2L);
    }

    @Test
    void streams_parallel_function_calls_each_with_its_own_index_id_and_complete_arguments() {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-parallel-function-calls.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = stream(params("google/gemini-3.1-pro-preview")
                .addUserMessage("Weather in Paris and London?").addTool(weatherTool()).build());

        List<ChatCompletionChunk.Choice.Delta.ToolCall> calls = new ArrayList<>();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().toolCalls().ifPresent(calls::addAll)));
        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(ChatCompletionChunk.Choice.Delta.ToolCall::index).containsExactly(0L, 1L);
        Set<String> ids = new HashSet<>();
        calls.forEach(t -> ids.add(t.id().orElseThrow()));
        assertThat(ids).hasSize(2).allSatisfy(id -> assertThat(id).startsWith("call_"));
        assertThat(calls).allSatisfy(t -> assertThat(t.function().orElseThrow().name()).hasValue("get_weather"));
        assertThat(calls.get(0).function().orElseThrow().arguments()).hasValue("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(calls.get(1).function().orElseThrow().arguments()).hasValue("{\"city\":\"London\",\"unit\":\"celsius\"}");
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void a_streamed_tool_loop_sends_back_the_thought_signature_it_received() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-parallel-function-calls.sse"), Duration.ZERO));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        stream(params("google/gemini-3.1-pro-preview").addUserMessage("Weather in Paris and London?")
                .addTool(weatherTool()).build()).forEach(acc::accumulate);
        ChatCompletionMessage asked = acc.chatCompletion().choices().get(0).message();

        var second = params("google/gemini-3.1-pro-preview").addUserMessage("Weather in Paris and London?")
                .addTool(weatherTool()).addMessage(asked);
        asked.toolCalls().orElseThrow().forEach(t -> second.addMessage(ChatCompletionToolMessageParam.builder()
                .toolCallId(t.asFunction().id()).content("{\"temperature\": 16}").build()));
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));
        stream(second.build());

        assertSecondTurnCarriesTheSignature(json(GOOGLE.lastRequest().body()), STREAM_SIGNATURE);
    }

    @Test
    void streams_each_event_before_the_upstream_has_finished() {
        StreamControl control = new StreamControl(2);
        List<String> events = sseFixture("gemini/stream-text.sse");
        GOOGLE.enqueue(FakeUpstream.sse(events, Duration.ofMillis(100), control));

        List<Integer> upstreamProgressAtArrival = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions()
                .createStreaming(params("google/gemini-3.8-flash").addUserMessage("Hi").build())) {
            var it = s.stream().iterator();
            // the upstream sent its reasoning and first text and now holds: the text must arrive meanwhile
            while (it.hasNext()) {
                ChatCompletionChunk c = it.next();
                upstreamProgressAtArrival.add(control.sent());
                if (c.choices().stream().anyMatch(ch -> ch.delta().content().filter(t -> !t.isEmpty()).isPresent())) {
                    break;
                }
            }
            // the first text reached the client while the upstream had sent only 2 of its events
            assertThat(upstreamProgressAtArrival.get(upstreamProgressAtArrival.size() - 1)).isEqualTo(2);
            control.release();
            it.forEachRemaining(c -> upstreamProgressAtArrival.add(control.sent()));
        }
        assertThat(upstreamProgressAtArrival.get(upstreamProgressAtArrival.size() - 1)).isEqualTo(events.size());
        assertThat(upstreamProgressAtArrival).isSorted();
    }

    @Test
    void an_error_in_the_middle_of_a_stream_ends_it_with_an_error_event() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-error-midway.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", streamBody("google/gemini-3.8-flash"));

        List<String> events = events(r.body());
        assertThat(r.body()).contains("The first part of a long answer");
        JsonNode last = json(events.get(events.size() - 1));
        assertThat(last.at("/error/message").asText()).contains("overloaded");
        assertThat(events).doesNotContain("[DONE]");
    }

    @Test
    void a_stream_cut_before_its_finish_reason_ends_with_an_error_event() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-truncated.sse"), Duration.ZERO));
        List<String> dropped = sseFixture("gemini/stream-text.sse").subList(0, 3);
        GOOGLE.enqueue(FakeUpstream.sse(dropped, Duration.ZERO, new StreamControl(99).dieAtEnd()));

        for (int i = 0; i < 2; i++) {
            var r = post("/v1/chat/completions", streamBody("google/gemini-3.8-flash"));

            List<String> events = events(r.body());
            JsonNode last = json(events.get(events.size() - 1));
            assertThat(last.at("/error/type").asText()).isEqualTo("upstream_error");
            assertThat(events).doesNotContain("[DONE]");
        }
    }

    @Test
    void a_stream_that_fails_before_any_content_falls_back_to_the_next_model() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-error-first.sse"), Duration.ZERO));
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", "{\"models\":[\"google/gemini-3.8-flash\",\"openai/gpt-4o-mini\"],"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
        StringBuilder text = new StringBuilder();
        List<String> events = events(r.body());
        events.subList(0, events.size() - 1).forEach(e -> {
            try {
                text.append(json(e).at("/choices/0/delta/content").asText(""));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(text.toString()).isEqualTo("Hello there!");
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    }

    @Test
    void a_blocked_prompt_streams_content_filter_without_content() {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-blocked.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = stream(params("google/gemini-3.8-flash")
                .addUserMessage("Something the filter blocks").build());

        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.CONTENT_FILTER);
        assertThat(chunks).allSatisfy(c -> c.choices().forEach(ch ->
                assertThat(ch.delta().content().orElse("")).isEmpty()));
    }
}
