package io.opengateway.dialect.anthropic;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.Redactor;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.Usage;
import io.opengateway.routing.AttemptRecord;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.ChatStreamRelay;
import io.opengateway.stream.UpstreamBody;
import io.opengateway.support.FakeUpstream;

import static io.opengateway.dialect.anthropic.AnthropicFixtures.JSON;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.fixture;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Anthropic SSE streams → the chunks an OpenAI client reads, through the real relay. */
class AnthropicStreamTranslatorTest {

    private static final UpstreamErrors ERRORS = new UpstreamErrors(new Redactor(new GatewayProperties(
            Map.of(), null, null, null, null, null)));

    @ParameterizedTest
    @CsvSource({
            "stream-text, anthropic/claude-haiku-4-5, ",
            "stream-parallel-tool-use, anthropic/claude-haiku-4-5, ",
            "stream-thinking, anthropic/claude-haiku-4-5, ",
            "stream-json-tool-answer, anthropic/claude-budget-thinking, json_response"})
    void translates_the_stream_into_the_expected_chunks(String name, String model, String jsonTool) throws Exception {
        Run run = run(FakeUpstream.fixture("anthropic/" + name + ".sse"), model, jsonTool, true);

        assertThat(array(run.chunks)).isEqualTo(fixture(name + ".chunks.json"));
        assertThat(run.done).isTrue();
        assertThat(run.ctx.attempt().outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void the_usage_chunk_goes_out_only_when_the_client_asked() throws Exception {
        Run run = run(FakeUpstream.fixture("anthropic/stream-text.sse"), "anthropic/claude-haiku-4-5", null, false);

        assertThat(run.chunks).noneMatch(c -> c.has("usage"));
        assertThat(run.ctx.attempt().usage()).isEqualTo(new Usage(125, 15, 100, 0, 0)); // billed all the same
    }

    @Test
    void message_delta_usage_replaces_what_was_reported_before() throws Exception {
        String sse = FakeUpstream.fixture("anthropic/stream-text.sse").replace(
                "\"usage\":{\"output_tokens\":15}", "\"usage\":{\"input_tokens\":30,\"output_tokens\":15}");
        Run run = run(sse, "anthropic/claude-haiku-4-5", null, true);

        // input 30 replaces 25 (cumulative counts), the cache read from message_start stays
        assertThat(run.ctx.attempt().usage()).isEqualTo(new Usage(130, 15, 100, 0, 0));
    }

    @Test
    void an_error_event_before_any_content_fails_the_attempt_so_it_can_fall_back() {
        RequestContext ctx = context("anthropic/claude-haiku-4-5", null);
        ChatStreamRelay relay = relay(FakeUpstream.fixture("anthropic/stream-overloaded-before-content.sse"), ctx, null);

        assertThatThrownBy(relay::prime).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("overloaded_error");
        });
    }

    @Test
    void an_error_event_after_content_ends_the_stream_with_an_error_chunk() throws Exception {
        Run run = run(FakeUpstream.fixture("anthropic/stream-overloaded-after-content.sse"),
                "anthropic/claude-haiku-4-5", null, true);

        JsonNode last = run.chunks.get(run.chunks.size() - 1);
        assertThat(last.path("error").path("code").asText()).isEqualTo("overloaded_error");
        assertThat(last.path("error").path("message").asText()).contains("Overloaded");
        assertThat(run.done).isFalse();
        assertThat(run.ctx.attempt().outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void a_stream_that_ends_without_message_stop_is_an_error_not_a_clean_end() throws Exception {
        String sse = FakeUpstream.fixture("anthropic/stream-text.sse");
        Run run = run(sse.substring(0, sse.indexOf("event: message_delta")), "anthropic/claude-haiku-4-5", null, true);

        assertThat(run.chunks.get(run.chunks.size() - 1).path("error").path("code").asText())
                .isEqualTo("upstream_stream_truncated");
        assertThat(run.done).isFalse();
    }

    private record Run(List<JsonNode> chunks, boolean done, RequestContext ctx) {
    }

    private static Run run(String sse, String model, String jsonTool, boolean includeUsage) throws IOException {
        RequestContext ctx = context(model, includeUsage ? "{\"include_usage\":true}" : null);
        ChatStreamRelay relay = relay(sse, ctx, jsonTool);
        relay.prime();
        String out = new String(relay.readAllBytes(), StandardCharsets.UTF_8);
        List<JsonNode> chunks = new ArrayList<>();
        boolean done = false;
        for (String event : out.split("\n\n")) {
            String data = event.substring(event.indexOf("data: ") + 6);
            if (data.equals("[DONE]")) {
                done = true;
            } else {
                chunks.add(JSON.readTree(data));
            }
        }
        return new Run(chunks, done, ctx);
    }

    private static ChatStreamRelay relay(String sse, RequestContext ctx, String jsonTool) {
        InputStream in = new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8));
        ModelTarget target = ctx.attempt().target();
        return new ChatStreamRelay(new UpstreamBody(in), ctx,
                new AnthropicStreamTranslator(JSON, ERRORS, target.provider(), jsonTool, target.model().id()), JSON,
                new OpenAiFormat.ChunkMeta("chatcmpl-test", 1700000000L, target.model().id()),
                ctx.request().chat().includeUsage());
    }

    private static RequestContext context(String model, String streamOptions) {
        ChatRequest chat = AnthropicFixtures.chat("{\"model\":\"" + model + "\",\"stream\":true,"
                + (streamOptions == null ? "" : "\"stream_options\":" + streamOptions + ",")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        InboundRequest request = new InboundRequest("req_test", Endpoint.CHAT).withChat(chat)
                .withPlan(List.of(model(model)));
        RequestContext ctx = new RequestContext(request, new AttemptRecord(request.startNanos()));
        ctx.attempt().advance(request.plan(), e -> new ModelTarget(e, new GatewayProperties.Provider("http://x", "k",
                Duration.ofSeconds(1), Duration.ofSeconds(1), GatewayProperties.CircuitBreaker.DEFAULT), 1));
        return ctx;
    }

    private static ArrayNode array(List<JsonNode> nodes) {
        return JSON.createArrayNode().addAll(nodes);
    }
}
