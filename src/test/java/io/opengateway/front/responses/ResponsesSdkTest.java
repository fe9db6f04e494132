package io.opengateway.front.responses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.ResponseStreamEvent;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenAI Java SDK's {@code responses().create} and {@code createStreaming} against
 * anthropic/ and google/ models: the gateway writes the providers' answers as Responses objects and
 * typed events the SDK reads.
 */
class ResponsesSdkTest extends GatewayTestBase {

    static final String CLAUDE = "anthropic/claude-haiku-4-5";
    static final String GEMINI = "google/gemini-3.1-pro-preview";

    private static ResponseCreateParams.Builder params(String model) {
        FunctionTool weather = FunctionTool.builder().name("get_weather").description("The weather in a city")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .strict(false).build();
        return ResponseCreateParams.builder().model(model).input("What is the weather in Paris?")
                .instructions("Be brief.").addTool(weather).store(false)
                .addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT)
                .reasoning(Reasoning.builder().effort(ReasoningEffort.MEDIUM).summary(Reasoning.Summary.AUTO).build());
    }

    @Test
    void an_anthropic_answer_with_thinking_and_a_tool_call_reads_as_a_response() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-thinking-tool-use.json")));

        Response r = client().responses().create(params(CLAUDE).build());

        assertThat(r.model().asString()).isEqualTo(CLAUDE);
        assertThat(r.id()).startsWith("resp_");
        ResponseReasoningItem reasoning = r.output().get(0).asReasoning();
        assertThat(reasoning.summary().get(0).text()).isEqualTo("The user wants the weather in Paris; I should call get_weather.");
        assertThat(reasoning.encryptedContent()).hasValueSatisfying(e -> assertThat(e).startsWith("ogr1."));
        ResponseFunctionToolCall call = r.output().get(1).asFunctionCall();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.callId()).isEqualTo("toolu_01CswdEQBMshySk6Y9DFKrfq");
        assertThat(json(call.arguments()).path("location").asText()).isEqualTo("Paris");
        assertThat(r.usage().get().inputTokens()).isEqualTo(380);
        assertThat(r.usage().get().outputTokens()).isEqualTo(96);

        var up = json(ANTHROPIC.lastRequest().body());
        assertThat(ANTHROPIC.lastRequest().path()).isEqualTo("/v1/messages");
        assertThat(up.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(up.path("messages").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("What is the weather in Paris?");
        assertThat(up.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void an_anthropic_stream_reads_as_typed_events_with_the_thinking_as_its_summary() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-thinking.sse"), Duration.ZERO));

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client().responses().createStreaming(params(CLAUDE).build())) {
            s.stream().forEach(events::add);
        }

        assertThat(events.get(0).isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        StringBuilder text = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        events.forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
        events.forEach(e -> e.reasoningSummaryTextDelta().ifPresent(d -> summary.append(d.delta())));
        assertThat(text.toString()).isEqualTo("27 × 453 = 12,231");
        assertThat(summary.toString()).isEqualTo("27 * 453: 27*400 = 10800, 27*53 = 1431, sum 12231.");
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isCompleted()).isTrue();
        Response done = last.asCompleted().response();
        assertThat(done.output()).hasSize(2);
        assertThat(done.output().get(0).asReasoning().encryptedContent()).isPresent();
        assertThat(done.output().get(1).asMessage().content().get(0).asOutputText().text()).isEqualTo("27 × 453 = 12,231");
        assertThat(done.usage().get().inputTokens()).isEqualTo(50);
        assertThat(json(ANTHROPIC.lastRequest().body()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void a_gemini_answer_with_two_calls_reads_as_a_response_whose_reasoning_carries_the_signature() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-function-calls.json")));

        Response r = client().responses().create(params(GEMINI).build());

        assertThat(r.model().asString()).isEqualTo(GEMINI);
        assertThat(r.output()).hasSize(3);
        assertThat(r.output().get(0).asReasoning().encryptedContent()).isPresent();
        assertThat(r.output().get(1).asFunctionCall().arguments()).contains("Paris");
        assertThat(r.output().get(2).asFunctionCall().arguments()).contains("London");
        assertThat(r.usage().get().outputTokensDetails().reasoningTokens()).isEqualTo(98);
        assertThat(GOOGLE.lastRequest().path()).endsWith(":generateContent");
    }

    @Test
    void a_gemini_stream_reads_as_typed_events() throws Exception {
        GOOGLE.enqueue(FakeUpstream.sse(sseFixture("gemini/stream-text.sse"), Duration.ZERO));

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client().responses().createStreaming(params("google/gemini-3.8-flash")
                .build())) {
            s.stream().forEach(events::add);
        }

        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
        assertThat(text.toString()).isEqualTo("Hello there! How can I help?");
        Response done = events.get(events.size() - 1).asCompleted().response();
        assertThat(done.output().get(0).asReasoning().summary().get(0).text()).startsWith("**Planning a greeting**");
        assertThat(done.usage().get().inputTokensDetails().cachedTokens()).isEqualTo(2);
        assertThat(GOOGLE.lastRequest().path()).endsWith(":streamGenerateContent");
    }
}
