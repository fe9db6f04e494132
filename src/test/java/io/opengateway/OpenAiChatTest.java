package io.opengateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** openai/* models through the unmodified official OpenAI Java client. */
class OpenAiChatTest extends GatewayTestBase {

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini").addUserMessage("Hello");
    }

    @Test
    void answers_a_chat_completion_with_the_catalog_model_id() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        ChatCompletion c = client().chat().completions().create(params().temperature(0.2).build());

        assertThat(c.choices().get(0).message().content()).contains("Hello! How can I assist you today?");
        assertThat(c.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(c.usage().get().promptTokens()).isEqualTo(19);
        assertThat(c.usage().get().totalTokens()).isEqualTo(29);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);

        FakeUpstream.Recorded up = OPENAI.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/chat/completions");
        assertThat(up.headers().get("authorization")).isEqualTo("Bearer " + OPENAI_KEY);
        JsonNode body = json(up.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(up.body()).doesNotContain(gatewayKey());
    }

    @Test
    void forwards_fields_the_gateway_does_not_model_and_drops_its_own() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"models\":[\"openai/gpt-4o\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"logit_bias\":{\"1234\":-100},\"store\":false}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(OPENAI.lastRequest().body());
        assertThat(body.path("logit_bias").path("1234").asInt()).isEqualTo(-100);
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.has("models")).isFalse();
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("openai");
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("1");
        assertThat(r.headers().firstValue("x-opengateway-upstream-model")).hasValue("gpt-4o-mini-2024-07-18");
        assertThat(r.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        // a whole answer goes out in one piece, with its length: not chunked as a stream is
        assertThat(r.headers().firstValue("content-length"))
                .hasValue(String.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(r.headers().firstValue("transfer-encoding")).isEmpty();
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("camel"));
    }

    @Test
    void passes_the_service_tier_on_and_refuses_a_region_openai_sets_per_project() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var tiered = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"service_tier\":\"priority\","
                + "\"inference_geo\":\"global\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(tiered.statusCode()).isEqualTo(200);
        JsonNode body = json(OPENAI.lastRequest().body());
        assertThat(body.path("service_tier").asText()).isEqualTo("priority");
        assertThat(body.has("inference_geo")).as("the gateway's extension, not OpenAI's").isFalse();

        var regional = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"inference_geo\":\"us\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(regional.statusCode()).isEqualTo(400);
        assertThat(json(regional.body()).path("error").path("param").asText()).isEqualTo("inference_geo");
        assertThat(OPENAI.requests()).hasSize(1);
    }

    @Test
    void streams_chunks_and_hides_the_usage_chunk_the_client_did_not_ask_for() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(params().build())) {
            s.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Hello there!");
        assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo("openai/gpt-4o-mini"));
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        // usage is always requested upstream, for billing
        assertThat(json(OPENAI.lastRequest().body()).path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void streams_the_usage_chunk_when_the_client_asks_for_it() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        var p = params().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(p)) {
            s.stream().forEach(chunks::add);
        }

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().get().promptTokens()).isEqualTo(9);
        assertThat(last.usage().get().completionTokens()).isEqualTo(3);
    }

    @Test
    void streams_each_event_before_the_upstream_has_finished() throws Exception {
        StreamControl control = new StreamControl(2);
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ofMillis(200), control));

        List<Integer> upstreamProgressAtArrival = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(params().build())) {
            var it = s.stream().iterator();
            // the upstream has sent the role and the first content event and now holds: the client
            // must see that content while the upstream is still waiting
            while (it.hasNext()) {
                ChatCompletionChunk c = it.next();
                upstreamProgressAtArrival.add(control.sent());
                if (c.choices().stream().anyMatch(ch -> ch.delta().content().filter(t -> !t.isEmpty()).isPresent())) {
                    break;
                }
            }
            assertThat(control.awaitHeld()).isTrue();
            control.release();
            it.forEachRemaining(c -> upstreamProgressAtArrival.add(control.sent()));
        }
        assertThat(upstreamProgressAtArrival.get(0)).isLessThan(sseFixture("openai/chat-stream.sse").size());
        assertThat(upstreamProgressAtArrival).isSorted();
    }

    @Test
    void a_client_that_leaves_mid_stream_aborts_the_upstream_call() throws Exception {
        List<String> events = new ArrayList<>(sseFixture("openai/chat-stream.sse"));
        // a long answer: the upstream would keep sending for a long while
        for (int i = 0; i < 200; i++) {
            events.add(3, events.get(2));
        }
        StreamControl control = new StreamControl(3);
        OPENAI.enqueue(FakeUpstream.sse(events, Duration.ofMillis(20), control));

        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(params().build())) {
            s.stream().filter(c -> c.choices().stream().anyMatch(ch -> ch.delta().content().isPresent()
                    && !ch.delta().content().get().isEmpty())).findFirst();
        }
        control.release();
        assertThat(control.awaitClientGone(Duration.ofSeconds(10))).isTrue();
        assertThat(control.sent()).isLessThan(events.size());
    }
}
