package io.opengateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official Anthropic Java SDK (com.anthropic:anthropic-java), unmodified and pointed at the
 * gateway, against fake openai, anthropic and google providers: Messages in front of every provider.
 */
class AnthropicSdkTest extends GatewayTestBase {

    static final String OPENAI_MODEL = "openai/gpt-4o-mini";
    static final String ANTHROPIC_MODEL = "claude-haiku-4-5-20251001";
    static final String GOOGLE_MODEL = "google/gemini-3.8-flash";

    AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey(gatewayKey()).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    static MessageCreateParams.Builder hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(1024L).addUserMessage("Hello");
    }

    static Tool weather() {
        return Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
    }

    /** The fake provider of a model, with its answers: plain, tool call, stream, tool-call stream. */
    record Provider(FakeUpstream fake, String text, String toolCall, String stream, String toolStream) {
    }

    static Provider provider(String model) {
        if (model.startsWith("openai/")) {
            return new Provider(OPENAI, "openai/chat-completion.json", "openai/chat-tool-call.json",
                    "openai/chat-stream.sse", "openai/chat-stream-tool-call.sse");
        }
        if (model.startsWith("google/")) {
            return new Provider(GOOGLE, "gemini/generate-content.json", "gemini/generate-content-function-calls.json",
                    "gemini/stream-text.sse", "gemini/stream-parallel-function-calls.sse");
        }
        return new Provider(ANTHROPIC, "anthropic/message-text-with-cache.json",
                "anthropic/message-parallel-tool-use.json", "anthropic/stream-text.sse",
                "anthropic/stream-parallel-tool-use.sse");
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI_MODEL, ANTHROPIC_MODEL, GOOGLE_MODEL})
    void answers_a_plain_message(String model) throws Exception {
        Provider p = provider(model);
        p.fake().enqueue(FakeUpstream.json(200, fixture(p.text())));

        Message m = anthropic().messages().create(hello(model).system("Be kind.").build());

        String text = m.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())
                .reduce("", String::concat);
        assertThat(text).startsWith("Hello!");
        assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
        assertThat(m.usage().inputTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI_MODEL, ANTHROPIC_MODEL, GOOGLE_MODEL})
    void streams_a_message_event_by_event(String model) throws Exception {
        Provider p = provider(model);
        p.fake().enqueue(FakeUpstream.sse(sseFixture(p.stream()), Duration.ZERO));

        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = anthropic().messages().createStreaming(hello(model).build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();

        assertThat(m.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).reduce("", String::concat))
                .isNotBlank();
        assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI_MODEL, ANTHROPIC_MODEL, GOOGLE_MODEL})
    void runs_a_two_turn_tool_use_loop(String model) throws Exception {
        Provider p = provider(model);
        p.fake().enqueue(FakeUpstream.json(200, fixture(p.toolCall())));
        p.fake().enqueue(FakeUpstream.json(200, fixture(p.text())));
        AnthropicClient client = anthropic();

        Message first = client.messages().create(hello(model).addTool(weather()).build());
        assertThat(first.stopReason()).hasValue(StopReason.TOOL_USE);
        List<ToolUseBlock> calls = first.content().stream().flatMap(b -> b.toolUse().stream()).toList();
        assertThat(calls).isNotEmpty();
        assertThat(calls.get(0).name()).isEqualTo("get_weather");

        List<ContentBlockParam> results = calls.stream().map(c -> ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId(c.id()).content("18 degrees").build())).toList();
        Message second = client.messages().create(hello(model).addTool(weather()).addMessage(first)
                .addUserMessageOfContentBlockParams(results).build());

        assertThat(second.stopReason()).hasValue(StopReason.END_TURN);
        JsonNode sent = json(p.fake().lastRequest().body());
        assertThat(sent.toString()).contains("18 degrees");
        if (!model.startsWith("google/")) { // Gemini pairs calls and results by name, not id
            assertThat(sent.toString()).contains(calls.get(0).id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI_MODEL, ANTHROPIC_MODEL, GOOGLE_MODEL})
    void streams_tool_use(String model) throws Exception {
        Provider p = provider(model);
        p.fake().enqueue(FakeUpstream.sse(sseFixture(p.toolStream()), Duration.ZERO));

        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = anthropic().messages()
                .createStreaming(hello(model).addTool(weather()).build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();

        List<ToolUseBlock> calls = m.content().stream().flatMap(b -> b.toolUse().stream()).toList();
        assertThat(calls).isNotEmpty();
        assertThat(calls.get(0).name()).isEqualTo("get_weather");
        assertThat(calls.get(0)._input().toString()).isNotEqualTo("{}").doesNotContain("arguments");
        assertThat(m.stopReason()).hasValue(StopReason.TOOL_USE);
    }

    @Test
    void thinking_comes_back_as_thinking_blocks_and_can_be_sent_back() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        // a Gemini model that thinks by budget, as the client asks
        MessageCreateParams.Builder params = hello("google/gemini-2.5-flash-lite").enabledThinking(2048L);

        Message first = anthropic().messages().create(params.build());
        assertThat(first.content().get(0).isThinking()).isTrue();
        assertThat(first.content().get(0).asThinking().thinking()).contains("Greeting");
        assertThat(first.content().get(0).asThinking().signature()).isEqualTo("opengateway:google");
        JsonNode sent = json(GOOGLE.lastRequest().body());
        assertThat(sent.path("generationConfig").path("thinkingConfig").path("thinkingBudget").asInt()).isEqualTo(2048);

        anthropic().messages().create(params.addMessage(first).addUserMessage("And?").build());
        assertThat(GOOGLE.requests()).hasSize(2);
    }

    @Test
    void images_reach_a_google_model_inline() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));

        anthropic().messages().create(MessageCreateParams.builder().model(GOOGLE_MODEL).maxTokens(100L)
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofImage(ImageBlockParam.builder().source(Base64ImageSource.builder()
                                .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data("iVBORw0KGgo=").build()).build()),
                        ContentBlockParam.ofText(TextBlockParam.builder().text("What is it?").build())))
                .build());

        JsonNode part = json(GOOGLE.lastRequest().body()).path("contents").get(0).path("parts").get(0);
        assertThat(part.path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
        assertThat(part.path("inlineData").path("data").asText()).isEqualTo("iVBORw0KGgo=");
    }

    @Test
    void counts_tokens_for_each_provider() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, "{\"input_tokens\": 14}"));
        GOOGLE.enqueue(FakeUpstream.json(200, "{\"totalTokens\": 31, \"promptTokensDetails\": []}"));
        AnthropicClient client = anthropic();

        assertThat(client.messages().countTokens(count(ANTHROPIC_MODEL)).inputTokens()).isEqualTo(14);
        assertThat(ANTHROPIC.lastRequest().path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(client.messages().countTokens(count(GOOGLE_MODEL)).inputTokens()).isEqualTo(31);
        assertThat(GOOGLE.lastRequest().path()).isEqualTo("/v1beta/models/gemini-3.8-flash:countTokens");
        // o200k_base: "Hello, world" is 3 tokens; 3 per message and 3 that prime the reply, 1 for the role
        assertThat(client.messages().countTokens(count(OPENAI_MODEL)).inputTokens()).isEqualTo(10);
        assertThat(OPENAI.requests()).isEmpty();
    }

    static MessageCountTokensParams count(String model) {
        return MessageCountTokensParams.builder().model(model).addUserMessage("Hello, world").build();
    }

    @Test
    void an_upstream_error_reaches_the_sdk_as_anthropics_error() {
        OPENAI.enqueue(FakeUpstream.json(400, fixture("openai/error-400-context.json")));

        assertThatThrownBy(() -> anthropic().messages().create(hello(OPENAI_MODEL).build()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((AnthropicServiceException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void what_a_provider_cannot_honour_is_a_400_naming_field_and_provider() {
        assertThatThrownBy(() -> anthropic().messages().create(hello(OPENAI_MODEL).putAdditionalBodyProperty("top_k", JsonValue.from(5)).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("top_k").hasMessageContaining("openai");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void falls_back_across_dialects() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        Message m = anthropic().messages().create(hello(ANTHROPIC_MODEL)
                .putAdditionalBodyProperty("models", JsonValue.from(List.of(OPENAI_MODEL))).build());

        assertThat(m.model().toString()).isEqualTo(OPENAI_MODEL);
        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(ANTHROPIC.requests()).hasSize(1);
        assertThat(json(ANTHROPIC.lastRequest().body()).has("models")).isFalse();
    }
}
