package io.opengateway;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.model.Usage;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.assertMoney;
import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing over real HTTP with fake providers: one record per request that reached a provider,
 * priced at the model that served, with hand-computed money (USD, 5 % fee).
 */
class BillingEndToEndTest extends GatewayTestBase {

    private static final String MINI = "openai/gpt-4o-mini";      // 0.15 in, 0.075 cached, 0.60 out
    private static final String SONNET = "anthropic/claude-sonnet-4-6"; // 3 in, 0.30 cached, 3.75 write, 15 out

    @Autowired
    UsageQueries queries;

    private static String stream(String model, boolean includeUsage) {
        return "{\"model\":\"" + model + "\",\"stream\":true," + (includeUsage
                ? "\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    /** The record of one chat request that {@code provider} answers with {@code answer}. */
    private BillingRecord billed(FakeUpstream provider, FakeUpstream.Responder answer, String body) throws Exception {
        provider.enqueue(answer);
        return awaitRecord(queries, requestId(post("/v1/chat/completions", body)));
    }

    @Test
    void a_chat_completion_is_billed_at_its_models_prices() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", chat(MINI));

        BillingRecord rec = awaitRecord(queries, requestId(r));
        // 19 × 0.15 + 10 × 0.60 = 8.85 per million
        assertThat(rec.usage()).isEqualTo(new Usage(19, 10, 0, 0, 0));
        assertMoney(rec, "0.00000885", "0.0000004425", "0.0000092925");
        assertThat(rec.status()).isEqualTo("ok");
        assertThat(rec.event().streamed()).isFalse();
        assertThat(rec.event().account()).isEqualTo("test-account");
        assertThat(rec.event().keyId()).startsWith("key_");
        assertThat(rec.event().requestedModel()).isEqualTo(MINI);
        assertThat(rec.event().servedModel()).isEqualTo(MINI);
        assertThat(rec.event().provider()).isEqualTo("openai");
        assertThat(rec.event().attempts()).isEqualTo(1);
        assertThat(rec.event().failedAttempts()).isEmpty();
        assertThat(rec.usageReported()).isTrue();
        assertThat(rec.event().note()).isNull();
    }

    @Test
    void anthropic_cache_reads_and_writes_are_billed_at_their_own_prices() throws Exception {
        BillingRecord rec = billed(ANTHROPIC, FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")),
                chat(SONNET));

        // 12 × 3 + 2000 × 0.30 + 100 × 3.75 + 10 × 15 = 1161 per million
        assertThat(rec.usage()).isEqualTo(new Usage(2112, 10, 2000, 100, 0));
        assertMoney(rec, "0.001161", "0.00005805", "0.00121905");
    }

    @Test
    void gemini_thoughts_are_billed_as_output_and_cached_content_at_the_cached_price() throws Exception {
        BillingRecord rec = billed(GOOGLE, FakeUpstream.json(200, fixture("gemini/generate-content.json")),
                chat("google/gemini-3.5-flash-lite"));

        // 8 × 0.30 + 4 × 0.03 + (9 + 40) × 2.50 = 125.02 per million
        assertThat(rec.usage()).isEqualTo(new Usage(12, 49, 4, 0, 40));
        assertMoney(rec, "0.00012502", "0.000006251", "0.000131271");
    }

    @Test
    void a_stream_without_include_usage_is_billed_from_the_usage_the_client_never_sees() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", stream(MINI, false));

        assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"prompt_tokens\"");
        BillingRecord rec = awaitRecord(queries, requestId(r));
        // 9 × 0.15 + 3 × 0.60 = 3.15 per million
        assertThat(rec.usage()).isEqualTo(new Usage(9, 3, 0, 0, 0));
        assertMoney(rec, "0.00000315", "0.0000001575", "0.0000033075");
        assertThat(rec.event().streamed()).isTrue();
        assertThat(rec.status()).isEqualTo("ok");
    }

    @Test
    void a_stream_with_include_usage_is_billed_the_same_and_the_client_gets_the_usage_chunk() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", stream(MINI, true));

        assertThat(r.body()).contains("\"prompt_tokens\":9");
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertMoney(rec, "0.00000315", "0.0000001575", "0.0000033075");
    }

    @Test
    void an_anthropic_stream_takes_its_cumulative_usage_once_not_summed() throws Exception {
        BillingRecord rec = billed(ANTHROPIC, FakeUpstream.sse(sseFixture("anthropic/stream-text.sse"), Duration.ZERO),
                stream(SONNET, false));

        // message_start: 25 in + 100 cache reads, 1 out; message_delta: 15 out in all (not 16);
        // 25 × 3 + 100 × 0.30 + 15 × 15 = 330 per million
        assertThat(rec.usage()).isEqualTo(new Usage(125, 15, 100, 0, 0));
        assertMoney(rec, "0.00033", "0.0000165", "0.0003465");
    }

    @Test
    void a_gemini_stream_takes_its_last_usage_metadata() throws Exception {
        BillingRecord rec = billed(GOOGLE, FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO),
                stream("google/gemini-3.5-flash-lite", false));

        // 4 × 0.30 + 2 × 0.03 + 40 × 2.50 = 101.26 per million
        assertThat(rec.usage()).isEqualTo(new Usage(6, 40, 2, 0, 32));
        assertMoney(rec, "0.00010126", "0.000005063", "0.000106323");
    }

    @Test
    void a_fallback_is_billed_at_the_model_that_served_with_the_failed_attempt_logged() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-before-content.sse"), Duration.ZERO));
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", "{\"model\":\"" + SONNET + "\",\"models\":[\"" + MINI + "\"],"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(MINI);
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.event().requestedModel()).isEqualTo(SONNET);
        assertThat(rec.event().servedModel()).isEqualTo(MINI);
        assertThat(rec.event().provider()).isEqualTo("openai");
        assertThat(rec.event().attempts()).isEqualTo(2);
        assertMoney(rec, "0.00000315", "0.0000001575", "0.0000033075");
        assertThat(rec.event().failedAttempts()).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.provider()).isEqualTo("anthropic");
            assertThat(a.model()).isEqualTo(SONNET);
            assertThat(a.status()).isEqualTo(502);
            assertThat(a.code()).isEqualTo("overloaded_error");
            assertThat(a.usage()).as("message_start reported its prompt").isEqualTo(new Usage(25, 1, 0, 0, 0));
        });
        assertThat(journalLinesOf(rec.requestId())).as("one record for the request, not one per attempt").isEqualTo(1);
    }

    @Test
    void a_stream_that_fails_midway_is_an_error_record_billed_for_what_the_provider_reported() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-overloaded-after-content.sse"), Duration.ZERO));

        var r = post("/v1/chat/completions", stream(SONNET, false));

        assertThat(r.body()).contains("overloaded_error");
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.status()).isEqualTo("error");
        assertThat(rec.event().servedModel()).isEqualTo(SONNET);
        assertThat(rec.usage()).isEqualTo(new Usage(25, 1, 0, 0, 0));
        // 25 × 3 + 1 × 15 = 90 per million
        assertMoney(rec, "0.00009", "0.0000045", "0.0000945");
        assertThat(rec.event().note()).contains("Overloaded");
        assertThat(journalLinesOf(rec.requestId())).isEqualTo(1);
    }

    @Test
    void a_request_whose_every_model_failed_is_one_error_record_at_no_cost() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));

        var r = post("/v1/chat/completions", "{\"model\":\"" + SONNET + "\",\"models\":[\"" + MINI + "\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(502);
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.status()).isEqualTo("error");
        assertThat(rec.event().servedModel()).isNull();
        assertThat(rec.event().attempts()).isEqualTo(2);
        assertMoney(rec, "0", "0", "0");
        assertThat(rec.event().failedAttempts()).extracting(a -> a.provider()).containsExactly("anthropic", "openai");
        assertThat(rec.event().failedAttempts()).allSatisfy(a -> assertThat(a.usage()).isNull());
    }

    @Test
    void a_stream_the_client_leaves_is_billed_as_cancelled_with_what_the_provider_reported() throws Exception {
        List<String> events = new ArrayList<>(sseFixture("anthropic/stream-text.sse"));
        for (int i = 0; i < 200; i++) {
            events.add(4, events.get(4)); // a long answer: the client leaves long before message_delta
        }
        // message_start, block start, ping and the first text go out; the rest after the client left
        StreamControl control = new StreamControl(4);
        ANTHROPIC.enqueue(FakeUpstream.sse(events, Duration.ofMillis(20), control));

        String id = readFirstContentThenLeave(SONNET);

        control.release();
        assertThat(control.awaitClientGone(Duration.ofSeconds(10))).isTrue();
        BillingRecord rec = awaitRecord(queries, id);
        assertThat(rec.status()).isEqualTo("cancelled");
        assertThat(rec.usage()).as("message_start's counts").isEqualTo(new Usage(125, 1, 100, 0, 0));
        assertThat(rec.usageReported()).isTrue();
        // 25 × 3 + 100 × 0.30 + 1 × 15 = 120 per million
        assertMoney(rec, "0.00012", "0.000006", "0.000126");
        assertThat(rec.event().note()).contains("client closed the stream");
    }

    @Test
    void a_stream_left_before_any_usage_is_a_cancelled_record_of_zero_tokens_that_says_so() throws Exception {
        StreamControl control = new StreamControl(3);
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO, control));

        String id = readFirstContentThenLeave(MINI);

        control.release();
        BillingRecord rec = awaitRecord(queries, id);
        assertThat(rec.status()).isEqualTo("cancelled");
        assertThat(rec.usage()).isEqualTo(Usage.NONE);
        assertThat(rec.usageReported()).isFalse();
        assertMoney(rec, "0", "0", "0");
        assertThat(rec.event().note()).contains("reported no usage").contains("zero tokens");
    }

    @Test
    void requests_the_gateway_refused_itself_leave_no_record() throws Exception {
        var unauthorized = post("/v1/chat/completions", chat(MINI), "og-not-a-key");
        var badRequest = post("/v1/chat/completions", "{\"model\":\"" + MINI + "\",\"messages\":[");
        var unknownModel = post("/v1/chat/completions", chat("openai/no-such-model"));
        var unsupported = post("/v1/chat/completions", "{\"model\":\"" + SONNET + "\",\"n\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(List.of(unauthorized.statusCode(), badRequest.statusCode(), unknownModel.statusCode(),
                unsupported.statusCode())).containsExactly(401, 400, 404, 400);
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var served = post("/v1/chat/completions", chat(MINI));

        // the refused requests ended before this one began, and their records would be tapped first
        awaitRecord(queries, requestId(served));
        for (var refused : List.of(unauthorized, badRequest, unknownModel, unsupported)) {
            assertThat(queries.find(requestId(refused))).isNull();
        }
    }

    @Test
    void a_responses_api_stream_is_billed_from_its_completed_event() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/responses-stream.sse"), Duration.ZERO));

        var r = post("/v1/responses", "{\"model\":\"" + MINI + "\",\"input\":\"Hi\",\"stream\":true}");

        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.event().streamed()).isTrue();
        assertThat(rec.usage()).isEqualTo(new Usage(12, 3, 0, 0, 0));
        // 12 × 0.15 + 3 × 0.60 = 3.6 per million
        assertMoney(rec, "0.0000036", "0.00000018", "0.00000378");
    }

    @Test
    void a_responses_api_call_is_billed_too() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses.json")));

        var r = post("/v1/responses", "{\"model\":\"" + MINI + "\",\"input\":\"Tell me a story\"}");

        BillingRecord rec = awaitRecord(queries, requestId(r));
        // 36 × 0.15 + 87 × 0.60 = 57.6 per million
        assertThat(rec.event().endpoint()).isEqualTo("responses");
        assertMoney(rec, "0.0000576", "0.00000288", "0.00006048");
    }

    @Test
    void no_provider_or_gateway_key_reaches_a_record_or_the_journal() throws Exception {
        // the provider quotes its key back in its error; the request then falls back and is answered
        OPENAI.enqueue(FakeUpstream.json(401, fixture("openai/error-401.json")));
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        var r = post("/v1/chat/completions", "{\"model\":\"" + MINI + "\",\"models\":[\"" + SONNET + "\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(rec.event().failedAttempts()).singleElement().satisfies(a -> assertThat(a.code()).isEqualTo("upstream_auth_failed"));
        String listed = get("/v1/usage", gatewayKey()).body();
        StringBuilder journal = new StringBuilder();
        try (var files = Files.list(SPOOL)) {
            for (var f : files.filter(Files::isRegularFile).toList()) {
                journal.append(Files.readString(f));
            }
        }
        for (String secret : List.of(OPENAI_KEY, ANTHROPIC_KEY, GOOGLE_KEY, gatewayKey())) {
            assertThat(listed).doesNotContain(secret);
            assertThat(journal).doesNotContain(secret);
            assertThat(String.valueOf(rec)).doesNotContain(secret);
        }
    }

    /** How many times the request's record was journaled (the database would hide a second one). */
    private static long journalLinesOf(String requestId) throws Exception {
        long n = 0;
        try (var files = Files.list(SPOOL)) {
            for (var f : files.filter(p -> p.getFileName().toString().startsWith("segment-")).toList()) {
                n += Files.readAllLines(f).stream().filter(l -> l.contains("\"" + requestId + "\"")).count();
            }
        }
        return n;
    }

    /** Opens a stream with the official client, reads up to the first text, and closes it. */
    private String readFirstContentThenLeave(String model) {
        var params = ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                client().chat().completions().withRawResponse().createStreaming(params);
        String id = raw.headers().values("x-request-id").get(0);
        try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
            s.stream().filter(c -> c.choices().stream().anyMatch(ch -> ch.delta().content().isPresent()
                    && !ch.delta().content().get().isEmpty())).findFirst().orElseThrow();
        }
        return id;
    }
}
