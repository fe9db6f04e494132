package io.opengateway;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** google/* models through the unmodified official OpenAI Java client, against a fake Gemini API. */
class GeminiChatTest extends GatewayTestBase {

    static final String FIRST_CALL_SIGNATURE =
            "YfuCJtrPSNxnzZZ4RDQAWpp2ydNOxIYNwUXxSYy4trVbjMU8sQXCgxQ/p8LH46VwTVmvUkBkq+9xf5XzEw==";

    static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder().model(model);
    }

    static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string"), "unit", Map.of("type", "string"))))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build())
                .build()).build();
    }

    static JsonNode lastGeminiBody() throws Exception {
        return json(GOOGLE.lastRequest().body());
    }

    @Test
    void answers_through_generate_content_with_the_key_in_a_header_and_reasoning_and_usage() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));

        ChatCompletion c = client().chat().completions().create(params("google/gemini-2.5-flash-lite")
                .addSystemMessage("Be brief.").addUserMessage("Hello").temperature(0.2).maxCompletionTokens(100)
                .reasoningEffort(ReasoningEffort.LOW).build());

        assertThat(c.model()).isEqualTo("google/gemini-2.5-flash-lite");
        assertThat(c.choices().get(0).message().content()).hasValue("Hello! How can I help you today?");
        assertThat(c.choices().get(0).message()._additionalProperties().get("reasoning_content").convert(String.class))
                .startsWith("**Greeting the user**");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        var usage = c.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(12);
        assertThat(usage.completionTokens()).isEqualTo(49);
        assertThat(usage.totalTokens()).isEqualTo(61);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(4L);
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(40L);

        FakeUpstream.Recorded up = GOOGLE.lastRequest();
        assertThat(up.path()).isEqualTo("/v1beta/models/gemini-2.5-flash-lite:generateContent");
        assertThat(up.query()).isNull();
        assertThat(up.headers().get("x-goog-api-key")).isEqualTo(GOOGLE_KEY);
        assertThat(up.headers()).doesNotContainKey("authorization");
        assertThat(up.body()).doesNotContain(GOOGLE_KEY).doesNotContain(gatewayKey());
        JsonNode body = json(up.body());
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/generationConfig/temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(100);
        assertThat(body.at("/generationConfig/thinkingConfig/thinkingBudget").asInt()).isEqualTo(1024);
        assertThat(body.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean()).isTrue();
    }

    @Test
    void names_the_model_that_served_and_its_snapshot_in_headers() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));

        var r = post("/v1/chat/completions", chat("google/gemini-3.8-flash"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("google");
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("google/gemini-3.8-flash");
        assertThat(r.headers().firstValue("x-opengateway-upstream-model")).hasValue("gemini-3.8-flash");
    }

    @Test
    void a_two_turn_tool_loop_sends_back_the_thought_signature_the_client_received() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-function-calls.json")));
        ChatCompletion first = client().chat().completions().create(params("google/gemini-3.1-pro-preview")
                .addUserMessage("Weather in Paris and London?").addTool(weatherTool()).build());
        ChatCompletionMessage asked = first.choices().get(0).message();
        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(asked.toolCalls().orElseThrow()).hasSize(2);

        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-after-tools.json")));
        var second = params("google/gemini-3.1-pro-preview").addUserMessage("Weather in Paris and London?")
                .addTool(weatherTool()).addMessage(asked);
        for (var call : asked.toolCalls().orElseThrow()) {
            second.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
                    .content(call.asFunction().function().arguments().contains("Paris") ? "18C sunny" : "14C rain")
                    .build());
        }
        ChatCompletion answer = client().chat().completions().create(second.build());

        assertThat(answer.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).contains("Paris"));
        assertSecondTurnCarriesTheSignature(lastGeminiBody(), FIRST_CALL_SIGNATURE);
    }

    @Test
    void a_client_that_sends_back_only_the_tool_call_ids_carries_the_signature_too() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-function-calls.json")));
        ChatCompletionMessage asked = client().chat().completions().create(params("google/gemini-3.1-pro-preview")
                .addUserMessage("Weather in Paris and London?").addTool(weatherTool()).build())
                .choices().get(0).message();

        // rebuilt from id, name and arguments alone: nothing but what every OpenAI client keeps
        var assistant = ChatCompletionAssistantMessageParam.builder();
        var second = params("google/gemini-3.1-pro-preview").addUserMessage("Weather in Paris and London?")
                .addTool(weatherTool());
        List<String> ids = asked.toolCalls().orElseThrow().stream().map(t -> t.asFunction().id()).toList();
        for (var call : asked.toolCalls().orElseThrow()) {
            var fn = call.asFunction();
            assistant.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(fn.id())
                    .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(fn.function().name())
                            .arguments(fn.function().arguments()).build()).build());
        }
        second.addMessage(assistant.build());
        ids.forEach(id -> second.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id)
                .content("{\"temperature\": 16}").build()));
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-after-tools.json")));
        client().chat().completions().create(second.build());

        assertSecondTurnCarriesTheSignature(lastGeminiBody(), FIRST_CALL_SIGNATURE);
    }

    /** The model turn holds both calls, the signature on the first only; both results share one user turn. */
    static void assertSecondTurnCarriesTheSignature(JsonNode body, String signature) {
        JsonNode model = body.at("/contents/1");
        assertThat(model.path("role").asText()).isEqualTo("model");
        assertThat(model.at("/parts/0/functionCall/args/city").asText()).isEqualTo("Paris");
        assertThat(model.at("/parts/0/thoughtSignature").asText()).isEqualTo(signature);
        assertThat(model.at("/parts/1/functionCall/args/city").asText()).isEqualTo("London");
        assertThat(model.at("/parts/1").has("thoughtSignature")).isFalse();
        JsonNode results = body.at("/contents/2");
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("parts")).hasSize(2);
        assertThat(results.at("/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
        assertThat(results.at("/parts/1/functionResponse/name").asText()).isEqualTo("get_weather");
        assertThat(body.path("contents")).hasSize(3);
    }

    @Test
    void sends_an_image_prompt_inline_and_answers_about_it() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-image.json")));
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

        ChatCompletion c = client().chat().completions().create(params("google/gemini-3.8-flash")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in this picture?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64," + png).build()).build())))
                .build());

        assertThat(c.choices().get(0).message().content()).hasValue("A small red square on a white background.");
        JsonNode parts = lastGeminiBody().at("/contents/0/parts");
        assertThat(parts.at("/0/text").asText()).isEqualTo("What is in this picture?");
        assertThat(parts.at("/1/inlineData/mimeType").asText()).isEqualTo("image/png");
        assertThat(parts.at("/1/inlineData/data").asText()).isEqualTo(png);
    }

    @Test
    void an_image_url_gemini_cannot_fetch_is_a_400_that_never_reaches_google() {
        assertThatThrownBy(() -> client().chat().completions().create(params("google/gemini-3.8-flash")
                .addUserMessageOfArrayOfContentParts(List.of(ChatCompletionContentPart.ofImageUrl(
                        ChatCompletionContentPartImage.builder().imageUrl(ChatCompletionContentPartImage.ImageUrl
                                .builder().url("ftp://example.com/cat.png").build()).build())))
                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("messages[0].content[0].image_url.url").contains("google"));
        assertThat(GOOGLE.requests()).isEmpty();
    }

    @Test
    void structured_output_asks_for_json_with_the_schema_and_returns_the_json() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-json.json")));
        Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
                "properties", Map.of("name", Map.of("type", "string"), "born", Map.of("type", "integer")),
                "required", List.of("name", "born"));
        var schemaParam = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        schema.forEach((k, v) -> schemaParam.putAdditionalProperty(k, JsonValue.from(v)));

        ChatCompletion c = client().chat().completions().create(params("google/gemini-3.8-flash")
                .addUserMessage("Who was Ada Lovelace?")
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema
                        .builder().name("person").strict(true).schema(schemaParam.build()).build()).build())
                .build());

        assertThat(json(c.choices().get(0).message().content().orElseThrow()).path("born").asInt()).isEqualTo(1815);
        JsonNode config = lastGeminiBody().path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema")).isEqualTo(JSON.valueToTree(schema));
    }

    @Test
    void a_blocked_prompt_answers_content_filter_with_null_content() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content-blocked.json")));

        ChatCompletion c = client().chat().completions().create(params("google/gemini-3.8-flash")
                .addUserMessage("Something the filter blocks").build());

        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).isEmpty();
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.CONTENT_FILTER);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(19);
    }

    @Test
    void a_rate_limit_is_a_429_with_retry_after_from_retry_info() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(429, fixture("gemini/error-429.json")));

        var r = post("/v1/chat/completions", chat("google/gemini-3.8-flash"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("33");
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(err.path("message").asText()).contains("You exceeded your current quota");
        assertThat(GOOGLE.requests()).hasSize(1); // not re-sent by the HTTP client behind the failover's back
    }

    @Test
    void a_key_google_rejects_is_a_502_that_quotes_no_key() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(400, fixture("gemini/error-400-api-key.json")));

        var r = post("/v1/chat/completions", chat("google/gemini-3.8-flash"));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("upstream_auth_failed");
        assertThat(r.body()).doesNotContain(GOOGLE_KEY);
    }

    @Test
    void a_request_gemini_rejects_is_mirrored_as_a_400_with_its_message() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(400, fixture("gemini/error-400.json")));

        var r = post("/v1/chat/completions", chat("google/gemini-3.8-flash"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).at("/error/message").asText()).contains("exceeds the maximum number of tokens");
        assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("context_length_exceeded");
    }

    @Test
    void an_error_gemini_wraps_in_an_array_is_mirrored_with_its_message() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(400, fixture("gemini/error-400-array.json")));

        var r = post("/v1/chat/completions", chat("google/gemini-3.1-pro-preview"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("message").asText()).startsWith("Function call is missing a thought_signature");
        assertThat(err.path("code").asText()).isEqualTo("invalid_argument");
    }

    @Test
    void a_parameter_the_model_cannot_honour_is_a_400_that_never_reaches_google() throws Exception {
        var r = post("/v1/chat/completions", "{\"model\":\"google/gemini-4-neon\",\"n\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("param").asText()).isEqualTo("n");
        assertThat(err.path("message").asText()).contains("google");
        assertThat(GOOGLE.requests()).isEmpty();
    }

    @Test
    void a_model_id_with_path_tricks_is_not_found_and_never_reaches_google() throws Exception {
        for (String model : new String[] {"google/x/../../y", "google/gemini-3.8-flash/../../../v1/files",
                "google/%2e%2e/secret", "google/gemini-3.8-flash?key=x"}) {
            var r = post("/v1/chat/completions", chat(model));

            assertThat(r.statusCode()).as(model).isEqualTo(404);
            assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("model_not_found");
        }
        assertThat(GOOGLE.requests()).isEmpty();
    }
}
