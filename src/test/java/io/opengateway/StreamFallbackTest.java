package io.opengateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Streams fall back until their first byte, never after; breakers skip a failing provider; clients that leave stop the upstream. */
class StreamFallbackTest extends GatewayTestBase {

    @Autowired
    MeterRegistry meters;

    private HttpResponse<String> stream(String model, String... fallbacks) throws Exception {
        StringBuilder models = new StringBuilder();
        for (String f : fallbacks) {
            models.append(models.length() == 0 ? "" : ",").append('"').append(f).append('"');
        }
        return post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"models\":[" + models + "],\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    private static String text(String sse) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {") && line.contains("\"choices\"")) {
                for (var c : json(line.substring(6)).path("choices")) {
                    out.append(c.path("delta").path("content").asText(""));
                }
            }
        }
        return out.toString();
    }

    @Test
    void a_stream_that_opens_with_200_then_errors_before_content_falls_back() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-before-content.sse"), Duration.ZERO));
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        var r = stream("anthropic/claude-haiku-4-5", "openai/gpt-4o-mini");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        assertThat(text(r.body())).isEqualTo("Hello there!");
        assertThat(r.body()).doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void a_stream_that_dies_before_its_first_content_falls_back() throws Exception {
        List<String> roleOnly = sseFixture("openai/chat-stream.sse").subList(0, 1);
        OPENAI.enqueue(FakeUpstream.sse(roleOnly, Duration.ZERO, new StreamControl(99).dieAtEnd()));
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));

        var r = stream("openai/gpt-4o-mini", "google/gemini-3.8-flash");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("google");
        assertThat(text(r.body())).isEqualTo("Hello there! How can I help?");
    }

    @Test
    void a_gemini_stream_with_an_error_payload_first_falls_back() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-error-first.sse"), Duration.ZERO));
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-text.sse"), Duration.ZERO));

        var r = stream("google/gemini-3.8-flash", "anthropic/claude-haiku-4-5");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("anthropic");
        assertThat(text(r.body())).isNotEmpty();
    }

    @Test
    void after_the_first_byte_a_failure_ends_the_stream_with_an_error_and_no_fallback() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-after-content.sse"), Duration.ZERO));

        var r = stream("anthropic/claude-haiku-4-5", "openai/gpt-4o-mini");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r.body())).isNotEmpty();
        String last = r.body().strip().substring(r.body().strip().lastIndexOf("data: "));
        assertThat(json(last.substring(6)).path("error").path("message").asText()).contains("Overloaded");
        assertThat(r.body()).doesNotContain("[DONE]");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void when_every_streamed_model_fails_before_its_first_byte_the_status_says_so() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));

        var r = stream("anthropic/claude-haiku-4-5", "openai/gpt-4o-mini");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(r.body()).path("error").path("attempts")).hasSize(2);
    }

    @Test
    void a_failing_provider_is_skipped_while_its_breaker_is_open_then_probed_again() throws Exception {
        FLAKY.always(FakeUpstream.json(500, fixture("openai/error-500.json")));
        OPENAI.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        String body = "{\"model\":\"flaky/model-a\",\"models\":[\"openai/gpt-4o-mini\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/chat/completions", body).statusCode()).isEqualTo(200);
        }
        assertThat(FLAKY.requests()).hasSize(3);
        assertThat(meters.get("opengateway.circuit.breaker.state").tag("provider", "flaky").gauge().value()).isEqualTo(1.0);

        var skipped = post("/v1/chat/completions", body);
        assertThat(skipped.statusCode()).isEqualTo(200);
        assertThat(skipped.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        assertThat(FLAKY.requests()).as("an open breaker sends nothing to the provider").hasSize(3);

        // recovered: after the cool-down one probe goes through, and its success closes the breaker
        FLAKY.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> r;
        do {
            r = post("/v1/chat/completions", body);
        } while (!r.headers().firstValue("x-opengateway-model").orElse("").equals("flaky/model-a")
                && System.nanoTime() < deadline);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("flaky/model-a");
        assertThat(meters.get("opengateway.circuit.breaker.state").tag("provider", "flaky").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void a_client_that_leaves_an_anthropic_or_gemini_stream_aborts_the_upstream() throws Exception {
        for (String provider : new String[] {"anthropic", "google"}) {
            FakeUpstream fake = provider.equals("anthropic") ? ANTHROPIC : GOOGLE;
            List<String> events = new ArrayList<>(sseFixture(provider.equals("anthropic")
                    ? "anthropic/stream-text.sse" : "gemini/stream-text.sse"));
            int contentAt = provider.equals("anthropic") ? 3 : 2;
            for (int i = 0; i < 200; i++) {
                events.add(contentAt, events.get(contentAt));
            }
            StreamControl control = new StreamControl(contentAt + 1);
            fake.enqueue(FakeUpstream.sse(events, Duration.ofMillis(20), control));

            var params = ChatCompletionCreateParams.builder()
                    .model(provider.equals("anthropic") ? "anthropic/claude-haiku-4-5" : "google/gemini-3.8-flash")
                    .addUserMessage("Hello").build();
            try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(params)) {
                s.stream().filter(c -> c.choices().stream().anyMatch(ch -> ch.delta().content().filter(t -> !t.isEmpty())
                        .isPresent())).findFirst();
            }
            control.release();
            assertThat(control.awaitClientGone(Duration.ofSeconds(10))).as(provider).isTrue();
            assertThat(control.sent()).as(provider).isLessThan(events.size());
        }
    }

}
