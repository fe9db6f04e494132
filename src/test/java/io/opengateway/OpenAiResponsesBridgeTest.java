package io.opengateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat Completions requests whose function tools need OpenAI's Responses API on the chosen model
 * (GPT-5.4+ with reasoning; the models that refuse effort none with any tools) go upstream as
 * Responses requests and come back as chat completions, through the unmodified official OpenAI
 * client. The fake OpenAI answers chat requests such models refuse with OpenAI's documented 400.
 */
class OpenAiResponsesBridgeTest extends GatewayTestBase {

    /** A whole conversation: instructions, a user turn with an image, a tool round, and the tools. */
    private static final String CONVERSATION = """
            "messages": [
              {"role": "system", "content": "You are terse."},
              {"role": "developer", "content": "Use metric units."},
              {"role": "user", "content": [{"type": "text", "text": "Weather where this is?"},
                {"type": "image_url", "image_url": {"url": "https://example.com/paris.png", "detail": "low"}}]},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "call_Ab12", "type": "function",
                "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Rome\\"}"}}]},
              {"role": "tool", "tool_call_id": "call_Ab12", "content": "21 C"},
              {"role": "user", "content": "And Paris and London?"}],
            "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
              "strict": true}}]""";

    private static String request(String model, String extra) {
        return "{\"model\": \"" + model + "\", " + CONVERSATION + extra + "}";
    }

    @Test
    void tools_with_reasoning_go_to_responses_and_come_back_as_a_chat_completion() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses-function-call.json")));

        var r = post("/v1/chat/completions", request("openai/gpt-5.6-terra", """
                , "reasoning_effort": "high", "tool_choice": "auto", "parallel_tool_calls": true,
                "max_tokens": 2000, "metadata": {"ticket": "T-7"}, "user": "u-42",
                "response_format": {"type": "json_schema", "json_schema": {"name": "w", "strict": true,
                  "schema": {"type": "object"}}}"""));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        FakeUpstream.Recorded up = OPENAI.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/responses");
        JsonNode body = json(up.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-5.6-terra");
        JsonNode input = body.path("input");
        assertThat(input.path(0).path("role").asText()).isEqualTo("system");
        assertThat(input.path(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(input.path(1).path("role").asText()).isEqualTo("developer");
        assertThat(input.path(2).path("content").path(0).path("type").asText()).isEqualTo("input_text");
        assertThat(input.path(2).path("content").path(1).path("type").asText()).isEqualTo("input_image");
        assertThat(input.path(2).path("content").path(1).path("image_url").asText()).isEqualTo("https://example.com/paris.png");
        assertThat(input.path(2).path("content").path(1).path("detail").asText()).isEqualTo("low");
        assertThat(input.path(3).path("type").asText()).isEqualTo("function_call");
        assertThat(input.path(3).path("call_id").asText()).isEqualTo("call_Ab12");
        assertThat(input.path(3).path("name").asText()).isEqualTo("get_weather");
        assertThat(input.path(3).path("arguments").asText()).isEqualTo("{\"city\":\"Rome\"}");
        assertThat(input.path(4).path("type").asText()).isEqualTo("function_call_output");
        assertThat(input.path(4).path("call_id").asText()).isEqualTo("call_Ab12");
        assertThat(input.path(4).path("output").asText()).isEqualTo("21 C");
        assertThat(input.path(5).path("role").asText()).isEqualTo("user");
        JsonNode tool = body.path("tools").path(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("strict").asBoolean()).isTrue();
        assertThat(tool.path("parameters").path("required").path(0).asText()).isEqualTo("city");
        assertThat(tool.has("function")).as("Responses tools are flat").isFalse();
        assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.path("parallel_tool_calls").asBoolean()).isTrue();
        assertThat(body.path("reasoning").path("effort").asText()).isEqualTo("high");
        assertThat(body.path("max_output_tokens").asInt()).isEqualTo(2000);
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("metadata").path("ticket").asText()).isEqualTo("T-7");
        assertThat(body.path("user").asText()).isEqualTo("u-42");
        assertThat(body.path("text").path("format").path("type").asText()).isEqualTo("json_schema");
        assertThat(body.path("text").path("format").path("name").asText()).isEqualTo("w");
        assertThat(body.path("text").path("format").path("schema").path("type").asText()).isEqualTo("object");
        assertThat(body.has("messages")).isFalse();

        JsonNode answer = json(r.body());
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.path("model").asText()).isEqualTo("openai/gpt-5.6-terra");
        JsonNode choice = answer.path("choices").path(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Let me check both cities.");
        JsonNode calls = choice.path("message").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.path(0).path("id").asText()).isEqualTo("call_Pa9rLm2Qx7");
        assertThat(calls.path(1).path("function").path("arguments").asText()).isEqualTo("{\"city\":\"London\"}");
        JsonNode usage = answer.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(450);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(800);
        assertThat(usage.path("prompt_tokens_details").path("cache_write_tokens").asLong()).isEqualTo(300);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(380);
        assertThat(r.headers().firstValue("x-opengateway-upstream-model")).hasValue("gpt-6.2-sol");
    }

    @Test
    void the_official_client_reads_the_bridged_answer_as_a_chat_completion() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses-function-call.json")));

        ChatCompletion c = client().chat().completions().create(params("openai/gpt-6.2-sol").build());

        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/responses");
        var calls = c.choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(c.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).hasValue(800L);
    }

    @Test
    void streams_responses_events_as_chat_chunks_with_tool_call_argument_deltas_and_usage() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/responses-function-call-stream.sse"), Duration.ZERO));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        var p = params("openai/gpt-6.2-sol")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> s = client().chat().completions().createStreaming(p)) {
            s.stream().forEach(chunks::add);
        }

        JsonNode up = json(OPENAI.lastRequest().body());
        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/responses");
        assertThat(up.path("stream").asBoolean()).isTrue();
        assertThat(up.has("stream_options")).as("Responses streams always end with their usage").isFalse();
        StringBuilder text = new StringBuilder();
        List<StringBuilder> args = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ChatCompletionChunk c : chunks) {
            assertThat(c.model()).isEqualTo("openai/gpt-6.2-sol");
            for (ChatCompletionChunk.Choice ch : c.choices()) {
                ch.delta().content().ifPresent(text::append);
                for (var tc : ch.delta().toolCalls().orElse(List.of())) {
                    int i = (int) tc.index();
                    if (i == args.size()) {
                        args.add(new StringBuilder());
                        ids.add(tc.id().orElseThrow());
                    }
                    tc.function().flatMap(f -> f.arguments()).ifPresent(args.get(i)::append);
                }
            }
        }
        assertThat(text.toString()).isEqualTo("Checking both.");
        assertThat(ids).containsExactly("call_Pa9rLm2Qx7", "call_Lo3nDn8Wz1");
        assertThat(args).extracting(StringBuilder::toString)
                .containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"London\"}");
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
        var usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(1200);
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(380L);
        assertThat(usage.promptTokensDetails().orElseThrow().cacheWriteTokens()).hasValue(300L);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(800L);
    }

    @Test
    void an_answer_cut_at_max_output_tokens_finishes_with_length() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses-incomplete.json")));

        var r = post("/v1/chat/completions", request("openai/gpt-6.2-sol", ", \"max_completion_tokens\": 16"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = json(r.body()).path("choices").path(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("The weather in");
        assertThat(json(OPENAI.lastRequest().body()).path("max_output_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void an_effort_the_model_refuses_goes_as_its_nearest_level_and_sampling_parameters_are_dropped() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses-function-call.json")));

        var r = post("/v1/chat/completions", request("openai/gpt-6.2-sol",
                ", \"temperature\": 0.7, \"reasoning_effort\": \"none\", \"top_p\": 0.9"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(OPENAI.lastRequest().body());
        assertThat(body.path("reasoning").path("effort").asText()).as("gpt-6.2-sol's lowest level").isEqualTo("low");
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_p")).isFalse();
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature, top_p");
    }

    @Test
    void tools_without_reasoning_stay_on_chat_completions() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-tool-call.json")));

        var r = post("/v1/chat/completions", request("openai/gpt-5.6-terra",
                ", \"reasoning_effort\": \"none\", \"temperature\": 0.3"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/chat/completions");
        JsonNode body = json(OPENAI.lastRequest().body());
        assertThat(body.path("reasoning_effort").asText()).isEqualTo("none");
        assertThat(body.path("temperature").asDouble()).as("allowed without reasoning").isEqualTo(0.3);
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).isEmpty();
    }

    @Test
    void a_reasoning_model_gets_max_completion_tokens_and_no_sampling_parameters_on_chat_completions()
            throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", "{\"model\": \"openai/gpt-6.2-sol\", \"max_tokens\": 300,"
                + " \"temperature\": 0.2, \"logprobs\": true, \"top_logprobs\": 2,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(OPENAI.lastRequest().body());
        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature") || body.has("logprobs") || body.has("top_logprobs")).isFalse();
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature, logprobs, top_logprobs");
    }

    @Test
    void a_chat_only_field_with_no_responses_counterpart_is_refused_by_name() throws Exception {
        var r = post("/v1/chat/completions", request("openai/gpt-6.2-sol", ", \"stop\": [\"END\"]"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("param").asText()).isEqualTo("stop");
        assertThat(err.path("message").asText()).contains("Responses");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void chat_chunks_passed_on_keep_openais_obfuscation_padding() throws Exception {
        List<String> events = new ArrayList<>();
        for (String e : sseFixture("openai/chat-stream.sse")) {
            // OpenAI pads every chunk (a top-level field; developers.openai.com/api/reference chat streaming)
            events.add(e.startsWith("data: {") ? e.replaceFirst("\\}$", ",\"obfuscation\":\"pAd9\"}") : e);
        }
        OPENAI.enqueue(FakeUpstream.sse(events, Duration.ZERO));

        var r = post("/v1/chat/completions", chat(true, "openai/gpt-4o-mini"));

        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) {
                chunks.add(json(line.substring(6)));
            }
        }
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.path("obfuscation").asText()).isEqualTo("pAd9"));
    }

    private static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("Weather in Paris and London?")
                .reasoningEffort(ReasoningEffort.HIGH)
                .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
                        .function(com.openai.models.FunctionDefinition.builder().name("get_weather")
                                .parameters(com.openai.models.FunctionParameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object")).build())
                                .build())
                        .build());
    }
}
