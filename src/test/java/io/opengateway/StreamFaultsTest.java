package io.opengateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.model.Usage;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.Responder;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.FaultProviders;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NextModel;
import io.opengateway.support.SseBody;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stream cell, for each dialect: an error event, a dropped connection or an error status
 * before the first content falls back; an error event or a dropped connection after it ends the
 * stream with {@code data: {"error": …}}, no {@code [DONE]}, and the listed fallback never called;
 * so does a body that ends cleanly before the dialect's end marker.
 */
class StreamFaultsTest extends GatewayTestBase {

    @Autowired
    UsageQueries queries;

    /** A dialect's model, its failing streams (events) and an error status on a stream request. */
    record Dialect(String name, String model, List<String> errorBefore, List<String> errorAfter,
            List<String> diesBefore, List<String> diesAfter, Responder errorStatus, List<String> endsBeforeItsMarker,
            Usage reportedBeforeItsMarker) {
        @Override
        public String toString() {
            return name;
        }

        FakeUpstream fake() {
            return FaultProviders.fake(name);
        }

        NextModel next() {
            return NextModel.after(name);
        }
    }

    static Stream<Dialect> dialects() {
        List<String> openai = sseFixture("openai/chat-stream.sse");
        List<String> anthropic = sseFixture("anthropic/stream-text.sse");
        List<String> gemini = sseFixture("gemini/stream-text.sse");
        return Stream.of(
                // the finish chunk and the usage chunk came, [DONE] did not
                new Dialect("openai", "openai/gpt-4o-mini", sseFixture("openai/chat-stream-error-before-content.sse"),
                        sseFixture("openai/chat-stream-error-after-content.sse"), openai.subList(0, 1), openai.subList(0, 2),
                        FakeUpstream.json(500, fixture("openai/error-500.json")), openai.subList(0, 6),
                        new Usage(9, 3, 0, 0, 0)),
                // the stop reason and the final usage came, message_stop did not
                new Dialect("anthropic", "anthropic/claude-haiku-4-5",
                        sseFixture("anthropic/stream-overloaded-before-content.sse"),
                        sseFixture("anthropic/stream-overloaded-after-content.sse"), anthropic.subList(0, 3),
                        anthropic.subList(0, 4), FakeUpstream.json(529, fixture("anthropic/error-529.json")),
                        anthropic.subList(0, 7), new Usage(125, 15, 100, 0, 0)),
                // Gemini's first event already carries content: dying before it is dying after the headers.
                // The finish reason came, the final usage after it did not.
                new Dialect("gemini", "google/gemini-3.8-flash", sseFixture("gemini/stream-error-first.sse"),
                        sseFixture("gemini/stream-error-midway.sse"), List.of(), gemini.subList(0, 2),
                        FakeUpstream.json(503, fixture("gemini/error-503.json")),
                        sseFixture("gemini/stream-usage-after-finish.sse").subList(0, 3), new Usage(6, 32, 0, 0, 32)));
    }

    private static Responder dies(List<String> events) {
        return FakeUpstream.sse(events, Duration.ZERO, new StreamControl(events.size() + 1).dieAtEnd());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void an_error_event_before_content_falls_back(Dialect d) throws Exception {
        d.fake().enqueue(FakeUpstream.sse(d.errorBefore(), Duration.ZERO));
        assertTheNextModelServed(d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void a_stream_that_dies_before_content_falls_back(Dialect d) throws Exception {
        d.fake().enqueue(dies(d.diesBefore()));
        assertTheNextModelServed(d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void an_error_status_on_a_stream_request_falls_back(Dialect d) throws Exception {
        d.fake().enqueue(d.errorStatus());
        assertTheNextModelServed(d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void an_error_event_after_content_ends_the_stream_without_a_fallback(Dialect d) throws Exception {
        d.fake().enqueue(FakeUpstream.sse(d.errorAfter(), Duration.ZERO));
        assertTheStreamEndedInError(d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void a_stream_that_dies_after_content_ends_with_an_error_without_a_fallback(Dialect d) throws Exception {
        d.fake().enqueue(dies(d.diesAfter()));
        assertTheStreamEndedInError(d);
    }

    /** The body ends as HTTP wants it (its last chunk), but before the dialect's end marker: a cut all the same. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void a_stream_whose_body_ends_cleanly_before_its_end_marker_is_an_error_billed_with_the_tokens_reported(Dialect d)
            throws Exception {
        d.fake().enqueue(FakeUpstream.sse(d.endsBeforeItsMarker(), Duration.ZERO));

        var r = assertTheStreamEndedInError(d);

        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.status()).isEqualTo("error");
        assertThat(rec.usage()).isEqualTo(d.reportedBeforeItsMarker());
    }

    private void assertTheNextModelServed(Dialect d) throws Exception {
        d.next().streams();

        var r = post("/v1/chat/completions", chat(true, d.model(), d.next().model()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(d.next().model());
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
        assertThat(SseBody.text(r.body())).isEqualTo("Hello there!");
        assertThat(r.body()).doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
        assertThat(d.fake().requests()).hasSize(1);
    }

    private HttpResponse<String> assertTheStreamEndedInError(Dialect d) throws Exception {
        var r = post("/v1/chat/completions", chat(true, d.model(), d.next().model()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(d.model());
        assertThat(SseBody.text(r.body())).isNotEmpty();
        var error = SseBody.last(r.body()).path("error");
        assertThat(error.path("message").asText()).as(r.body()).contains("Provider '" + d.model().split("/")[0] + "'");
        assertThat(error.path("type").asText()).isNotEmpty();
        assertThat(r.body()).doesNotContain("[DONE]");
        assertThat(d.next().fake().requests()).as("no fallback after the first byte").isEmpty();
        return r;
    }
}
