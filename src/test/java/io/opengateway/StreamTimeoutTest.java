package io.opengateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.FaultProviders;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NextModel;
import io.opengateway.support.SseBody;

import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider's read timeout is the longest wait for a stream's first byte and between two of its
 * events (docs/api.md), for each dialect: the {@code brisk*} providers (1 s) stream from a fake that
 * goes silent at a chosen event until the test lets it go on.
 */
class StreamTimeoutTest extends GatewayTestBase {

    /**
     * A dialect's stream fixture, the index of its first event with content and the index after
     * its first text ("Hello").
     */
    record Case(String dialect, String fixture, int firstContent, int afterHello) {
        @Override
        public String toString() {
            return dialect;
        }

        FakeUpstream fake() {
            return FaultProviders.fake(dialect);
        }

        String model() {
            return FaultProviders.model("brisk", dialect);
        }

        NextModel next() {
            return NextModel.after(dialect);
        }
    }

    static Stream<Case> dialects() {
        // Gemini's first event already carries content (its reasoning): silent before it = before any event
        return Stream.of(new Case("openai", "openai/chat-stream.sse", 1, 2),
                new Case("anthropic", "anthropic/stream-text.sse", 3, 4),
                new Case("gemini", "gemini/stream-text.sse", 0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void a_stream_silent_past_the_read_timeout_before_its_content_falls_back(Case c) throws Exception {
        c.next().streams();

        var r = silentAt(c, c.firstContent(), chat(true, c.model(), c.next().model()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(c.next().model());
        assertThat(SseBody.text(r.body())).isEqualTo("Hello there!");
        assertThat(r.body()).doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void a_stream_silent_past_the_read_timeout_after_its_content_ends_with_an_error_event(Case c) throws Exception {
        var r = silentAt(c, c.afterHello(), chat(true, c.model(), c.next().model()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(c.model());
        assertThat(SseBody.text(r.body())).isEqualTo("Hello");
        assertThat(SseBody.last(r.body()).path("error").path("code").asText()).as(r.body()).isEqualTo("upstream_timeout");
        assertThat(r.body()).doesNotContain("[DONE]");
        assertThat(c.next().fake().requests()).as("no fallback after the first byte").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void a_stream_silent_before_its_content_with_no_model_left_is_504(Case c) throws Exception {
        var r = silentAt(c, c.firstContent(), chat(true, c.model()));

        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("upstream_timeout");
    }

    /**
     * Sends a request while the dialect's fake streams its fixture up to event {@code at} and then
     * stays silent; once the answer is in, lets the fake go on: its next write must fail, as the
     * gateway dropped the timed-out connection.
     */
    private HttpResponse<String> silentAt(Case c, int at, String body) throws Exception {
        StreamControl silent = new StreamControl(at);
        c.fake().enqueue(FakeUpstream.sse(sseFixture(c.fixture()), Duration.ZERO, silent));
        HttpResponse<String> r;
        try {
            r = post("/v1/chat/completions", body);
            assertThat(silent.sent()).as("the answer came while the stream was silent").isEqualTo(at);
        } finally {
            silent.release();
        }
        assertThat(silent.awaitClientGone(Duration.ofSeconds(5))).as("the timed-out upstream was dropped").isTrue();
        return r;
    }
}
