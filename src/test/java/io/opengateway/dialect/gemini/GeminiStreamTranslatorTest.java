package io.opengateway.dialect.gemini;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.error.UpstreamException;
import io.opengateway.stream.SseEvent;

import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiStreamTranslatorTest {

    private final GeminiStreamTranslator translator = new GeminiStreamTranslator(new ObjectMapper(),
            RecordingSink.errors(), "google", RecordingSink.META);
    private final RecordingSink sink = new RecordingSink();

    private void feed(String... events) {
        for (String e : events) {
            assertThat(translator.onEvent(new SseEvent(null, e), sink)).isTrue();
        }
    }

    private void feedFixture(String name) {
        sseFixture("gemini/" + name).forEach(e -> feed(e.substring("data: ".length())));
    }

    @Test
    void streams_text_after_the_role_and_reasoning_as_reasoning_content() {
        feedFixture("stream-text.sse");
        translator.onEnd(sink);

        List<JsonNode> deltas = sink.deltas();
        assertThat(deltas.get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(sink.content.get(0)).isFalse();
        assertThat(deltas.get(1).path("reasoning_content").asText()).startsWith("**Planning a greeting**");
        StringBuilder text = new StringBuilder();
        deltas.forEach(d -> text.append(d.path("content").asText("")));
        assertThat(text.toString()).isEqualTo("Hello there! How can I help?");
        assertThat(sink.finishReasons()).containsExactly("stop");
        assertThat(sink.upstreamModel).isEqualTo("gemini-3.8-flash");
    }

    @Test
    void the_last_usage_wins() {
        feedFixture("stream-text.sse");

        assertThat(sink.usage.promptTokens()).isEqualTo(6);
        assertThat(sink.usage.completionTokens()).isEqualTo(40);
        assertThat(sink.usage.reasoningTokens()).isEqualTo(32);
        assertThat(sink.usage.cachedTokens()).isEqualTo(2);
    }

    @Test
    void parallel_calls_get_their_own_index_and_id_and_stop_in_a_later_event_means_tool_calls() {
        feedFixture("stream-parallel-function-calls.sse");
        translator.onEnd(sink);

        List<JsonNode> calls = sink.toolCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(c -> c.path("index").asInt()).containsExactly(0, 1);
        Set<String> ids = new HashSet<>();
        calls.forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).hasSize(2);
        assertThat(calls.get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(calls.get(1).path("function").path("name").asText()).isEqualTo("get_weather");
        String sig = "lhQYlqNXiOA31VElohd88oElafZ1Lj2sSgo8Dtknsdp/8P3+BXIdS5nnzU03W1Cb";
        assertThat(ThoughtSignatures.fromId(calls.get(0).path("id").asText())).isEqualTo(sig);
        assertThat(calls.get(0).at("/extra_content/google/thought_signature").asText()).isEqualTo(sig);
        assertThat(calls.get(1).has("extra_content")).isFalse();
        assertThat(sink.finishReasons()).containsExactly("tool_calls");
    }

    @Test
    void a_stream_that_ends_without_a_finish_reason_is_a_failure() {
        feedFixture("stream-truncated.sse");

        assertThatThrownBy(() -> translator.onEnd(sink)).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.code()).isEqualTo("upstream_stream_truncated"));
    }

    @Test
    void an_empty_stream_is_a_failure() {
        assertThatThrownBy(() -> translator.onEnd(sink)).isInstanceOf(UpstreamException.class);
    }

    @Test
    void an_error_event_throws_the_mapped_failure() {
        List<String> events = sseFixture("gemini/stream-error-midway.sse");
        feed(events.get(0).substring(6));

        assertThatThrownBy(() -> feed(events.get(1).substring(6))).isInstanceOfSatisfying(UpstreamException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("overloaded");
                });
        assertThatThrownBy(() -> feedFixture("stream-error-first.sse")).isInstanceOfSatisfying(
                UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo("7");
                });
    }

    @Test
    void a_blocked_prompt_finishes_with_content_filter() {
        feedFixture("stream-blocked.sse");
        translator.onEnd(sink);

        assertThat(sink.finishReasons()).containsExactly("content_filter");
        assertThat(sink.usage.promptTokens()).isEqualTo(17);
    }

    @Test
    void an_event_that_is_not_json_is_a_bad_gateway() {
        assertThatThrownBy(() -> feed("<html>")).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.code()).isEqualTo("upstream_bad_response"));
    }

    @Test
    void several_candidates_stream_as_their_own_choices() {
        feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A\"}]},\"index\":0},"
                + "{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]},\"index\":1}]}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}]},\"finishReason\":\"STOP\",\"index\":0},"
                + "{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"g\",\"args\":{}}}]},\"finishReason\":\"STOP\","
                + "\"index\":1}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":9}}");
        translator.onEnd(sink);

        assertThat(sink.chunks.stream().filter(c -> c.at("/choices/0/index").asInt() == 1)
                .flatMap(c -> {
                    List<JsonNode> l = new java.util.ArrayList<>();
                    c.at("/choices/0/delta/tool_calls").forEach(l::add);
                    return l.stream();
                }).map(t -> t.path("index").asInt())).containsExactly(0, 1);
        assertThat(sink.finishReasons()).containsExactly("stop", "tool_calls");
    }

    @Test
    void a_finish_before_the_final_usage_is_not_yet_the_end_of_the_stream() {
        List<String> events = sseFixture("gemini/stream-usage-after-finish.sse");
        events.subList(0, 3).forEach(e -> feed(e.substring("data: ".length())));

        assertThat(sink.finishReasons()).containsExactly("stop");
        assertThatThrownBy(() -> translator.onEnd(sink)).as("cut before the usage: an error, not a success")
                .isInstanceOfSatisfying(UpstreamException.class,
                        e -> assertThat(e.code()).isEqualTo("upstream_stream_truncated"));

        feed(events.get(3).substring("data: ".length()));
        translator.onEnd(sink);
        assertThat(sink.usage.completionTokens()).isEqualTo(40);
    }

    @Test
    void an_unspecified_or_empty_finish_reason_is_no_finish() {
        feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"FINISH_REASON_UNSPECIFIED\","
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3}}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}]},\"finishReason\":\"\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":3}}");

        assertThat(sink.finishReasons()).isEmpty();
        assertThatThrownBy(() -> translator.onEnd(sink)).isInstanceOf(UpstreamException.class);
    }

    @Test
    void logprobs_travel_with_the_text_of_their_event() {
        feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Yes\"}]},\"finishReason\":\"STOP\",\"index\":0,"
                + "\"logprobsResult\":{\"chosenCandidates\":[{\"token\":\"Yes\",\"logProbability\":-0.5}]}}]}");

        JsonNode lp = sink.chunks.get(1).at("/choices/0/logprobs/content/0");
        assertThat(lp.path("token").asText()).isEqualTo("Yes");
        assertThat(lp.path("logprob").asDouble()).isEqualTo(-0.5);
    }
}
