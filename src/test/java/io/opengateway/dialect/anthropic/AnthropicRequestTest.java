package io.opengateway.dialect.anthropic;

import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;

import static io.opengateway.dialect.anthropic.AnthropicFixtures.chat;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.fixture;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenAI request → Messages API body, one fixture pair per rule, and the parameters refused by name. */
class AnthropicRequestTest {

    static Stream<String> pairs() {
        return Stream.of(
                "system-anywhere-and-merged-turns",
                "tools-required-without-parallel-calls",
                "agent-loop-tool-results-first",
                "images-data-and-url",
                "sampling-stop-user-and-dropped-fields",
                "stop-string-and-empty-tools",
                "json-schema-native",
                "json-schema-forced-tool-without-thinking",
                "json-schema-not-strict-forced-tool",
                "json-object-with-client-tools",
                "thinking-blocks-carried-back",
                "tool-choice-named-on-a-model-without-thinking",
                "tool-choice-forced-turns-thinking-off-strict-forwarded");
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void translates_the_openai_request_into_the_expected_messages_body(String name) {
        JsonNode openai = fixture("requests/" + name + ".openai.json");
        ChatRequest req = chat(openai);

        ObjectNode body = AnthropicRequest.body(req, model(req.model()), "anthropic");

        assertThat(body).isEqualTo(fixture("requests/" + name + ".anthropic.json"));
    }

    @Test
    void maps_each_tool_choice() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        assertThat(toolChoice(tools + ",\"tool_choice\":\"auto\"")).isEqualTo(AnthropicFixtures.json("{\"type\":\"auto\"}"));
        assertThat(toolChoice(tools + ",\"tool_choice\":\"none\"")).isEqualTo(AnthropicFixtures.json("{\"type\":\"none\"}"));
        assertThat(toolChoice(tools + ",\"tool_choice\":\"required\"")).isEqualTo(AnthropicFixtures.json("{\"type\":\"any\"}"));
        assertThat(toolChoice(tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"))
                .isEqualTo(AnthropicFixtures.json("{\"type\":\"tool\",\"name\":\"f\"}"));
        assertThat(toolChoice(tools + ",\"parallel_tool_calls\":false"))
                .isEqualTo(AnthropicFixtures.json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(toolChoice(tools + ",\"tool_choice\":\"none\",\"parallel_tool_calls\":false"))
                .isEqualTo(AnthropicFixtures.json("{\"type\":\"none\"}"));
        assertThat(toolChoice(tools)).isNull();
    }

    @Test
    void a_missing_max_tokens_is_the_model_output_limit() {
        assertThat(body("anthropic/claude-budget-thinking", "").path("max_tokens").asInt()).isEqualTo(32000);
        assertThat(body("anthropic/claude-no-thinking", "").path("max_tokens").asInt()).isEqualTo(8192);
    }

    @Test
    void thinking_fits_under_the_model_output_limit_beside_the_client_answer() {
        JsonNode b = body("anthropic/claude-budget-thinking", ",\"reasoning_effort\":\"xhigh\",\"max_tokens\":4000");

        assertThat(b.path("max_tokens").asInt()).isEqualTo(32000);
        assertThat(b.path("thinking").path("budget_tokens").asInt()).isEqualTo(28000);
    }

    @Test
    void thinking_adds_its_budget_to_an_answer_larger_than_the_budget() {
        JsonNode b = body("anthropic/claude-haiku-4-5", ",\"reasoning_effort\":\"low\",\"max_tokens\":20000");

        assertThat(b.path("max_tokens").asInt()).isEqualTo(22048);
        assertThat(b.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
    }

    @Test
    void thinking_stays_off_when_the_model_limit_leaves_less_than_the_minimum_budget_beside_the_answer() {
        JsonNode b = body("anthropic/claude-haiku-4-5", ",\"reasoning_effort\":\"high\",\"max_tokens\":63500");

        assertThat(b.has("thinking")).isFalse();
        assertThat(b.path("max_tokens").asInt()).isEqualTo(63500);
    }

    @Test
    void without_a_client_max_tokens_thinking_takes_its_budget_out_of_the_model_limit() {
        JsonNode sonnet = body("anthropic/claude-haiku-4-5", ",\"reasoning_effort\":\"xhigh\"");
        JsonNode opus = body("anthropic/claude-budget-thinking", ",\"reasoning_effort\":\"xhigh\"");

        assertThat(sonnet.path("max_tokens").asInt()).isEqualTo(64000);
        assertThat(sonnet.path("thinking").path("budget_tokens").asInt()).isEqualTo(32768);
        assertThat(opus.path("max_tokens").asInt()).isEqualTo(32000);
        assertThat(opus.path("thinking").path("budget_tokens").asInt()).isEqualTo(32000 - Thinking.DEFAULT_ANSWER);
    }

    @Test
    void without_any_output_limit_thinking_adds_its_budget_to_the_default_answer() {
        assertThat(Thinking.plan(8192, null, null)).isEqualTo(new Thinking.Plan(8192, 8192 + Thinking.DEFAULT_ANSWER));
        assertThat(Thinking.plan(null, null, null)).isEqualTo(new Thinking.Plan(null, Thinking.DEFAULT_ANSWER));
    }

    @Test
    void a_strict_schema_goes_the_tool_way_where_native_output_would_refuse_it() {
        String strict = ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"%s}},"
                + "\"required\":[\"n\"],\"additionalProperties\":false}}}";

        assertThat(body("anthropic/claude-haiku-4-5", String.format(strict, "")).has("output_config")).isTrue();
        // a keyword native output lacks, and a model whose structured outputs were a beta only
        for (ObjectNode b : new ObjectNode[] {body("anthropic/claude-haiku-4-5", String.format(strict, ",\"minimum\":1")),
                body("anthropic/claude-budget-thinking", String.format(strict, ""))}) {
            assertThat(b.has("output_config")).isFalse();
            assertThat(b.path("tool_choice").path("name").asText()).isEqualTo("json_response");
        }
    }

    @Test
    void a_client_forcing_any_tool_gets_no_thinking_on_a_thinking_model() {
        JsonNode b = body("anthropic/claude-haiku-4-5", ",\"reasoning_effort\":\"medium\",\"max_tokens\":1000,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"");

        assertThat(b.has("thinking")).isFalse();
        assertThat(b.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(b.path("max_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void reasoning_effort_none_leaves_thinking_off() {
        assertThat(body("anthropic/claude-haiku-4-5", ",\"reasoning_effort\":\"none\"").has("thinking")).isFalse();
    }

    @Test
    void thinking_stays_off_in_a_tool_loop_whose_assistant_turn_lost_its_thinking_blocks() {
        String loop = ",\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"reasoning_content\":\"unsigned\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"ok\"}]";
        ChatRequest req = chat("{\"model\":\"anthropic/claude-haiku-4-5\"" + loop + "}");

        ObjectNode body = AnthropicRequest.body(req, model(req.model()), "anthropic");

        assertThat(body.has("thinking")).isFalse();
        assertThat(body.path("messages").get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void a_schema_native_output_refuses_is_asked_for_in_the_system_prompt_where_no_tool_can_be_forced() {
        String schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1}},"
                + "\"required\":[\"n\"],\"additionalProperties\":false}";
        ObjectNode b = body("anthropic/claude-opus-5-5", ",\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"count\",\"strict\":true,\"schema\":" + schema + "}}");

        assertThat(b.has("output_config")).isFalse();
        assertThat(b.has("tools")).isFalse();
        assertThat(b.at("/system/0/text").asText()).contains("(count)").contains("\"minimum\":1");
    }

    @Test
    void a_tool_loop_that_lost_its_thinking_turns_thinking_off_only_where_the_model_allows_it() {
        String loop = ",\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"t1\","
                + "\"content\":\"ok\"}]";
        ChatRequest toOpus48 = chat("{\"model\":\"anthropic/claude-opus-4-8\"" + loop + "}");
        ChatRequest toOpus55 = chat("{\"model\":\"anthropic/claude-opus-5-5\"" + loop + "}");

        ObjectNode off = AnthropicRequest.body(toOpus48, model(toOpus48.model()), "anthropic");
        ObjectNode alwaysOn = AnthropicRequest.body(toOpus55, model(toOpus55.model()), "anthropic");

        assertThat(off.at("/thinking/type").asText()).isEqualTo("disabled");
        assertThat(off.has("output_config")).isFalse();
        assertThat(alwaysOn.at("/thinking/type").asText()).isEqualTo("adaptive");
        assertThat(alwaysOn.at("/output_config/effort").asText()).isEqualTo("high");
    }

    @Test
    void thinking_blocks_of_another_model_are_left_out_and_those_naming_none_go_as_sent() {
        String blocks = ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"x\","
                + "\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"a\",\"signature\":\"s1\",\"model\":"
                + "\"anthropic/claude-opus-5-5\"},{\"type\":\"thinking\",\"thinking\":\"b\",\"signature\":\"s2\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"d\",\"model\":\"anthropic/claude-sonnet-5-5\"}]},"
                + "{\"role\":\"user\",\"content\":\"Again\"}]";
        ChatRequest req = chat("{\"model\":\"anthropic/claude-sonnet-5-5\"" + blocks + "}");

        JsonNode turn = AnthropicRequest.body(req, model(req.model()), "anthropic").at("/messages/1/content");

        assertThat(turn).hasSize(3);
        assertThat(turn.get(0)).isEqualTo(AnthropicFixtures.json(
                "{\"type\":\"thinking\",\"thinking\":\"b\",\"signature\":\"s2\"}"));
        assertThat(turn.get(1)).isEqualTo(AnthropicFixtures.json("{\"type\":\"redacted_thinking\",\"data\":\"d\"}"));
        assertThat(turn.get(2).path("type").asText()).isEqualTo("text");
    }

    @Test
    void refuses_parameters_anthropic_cannot_honour_by_name() {
        assertRefused(",\"n\":2", "n");
        assertRefused(",\"logprobs\":true", "logprobs");
        assertRefused(",\"logprobs\":false,\"top_logprobs\":3", "top_logprobs");
        assertRefused(",\"presence_penalty\":0.5", "presence_penalty");
        assertRefused(",\"frequency_penalty\":-1", "frequency_penalty");
        assertRefused(",\"temperature\":1.5", "temperature");
        assertRefused(",\"stop\":[\"END\",\" \\n\"]", "stop");
        assertRefused(",\"reasoning_effort\":\"low\",\"temperature\":0.2", "temperature");
        assertRefused(",\"reasoning_effort\":\"low\",\"top_p\":0.5", "top_p");
    }

    @Test
    void fast_mode_and_a_region_are_asked_for_as_anthropic_names_them_and_flex_is_refused() {
        JsonNode fast = body("anthropic/claude-opus-5-5", ",\"service_tier\":\"priority\",\"inference_geo\":\"us\"");
        assertThat(fast.path("speed").asText()).isEqualTo("fast");
        assertThat(fast.path("inference_geo").asText()).isEqualTo("us");
        JsonNode standard = body("anthropic/claude-opus-5-5", ",\"service_tier\":\"auto\"");
        assertThat(standard.has("speed")).isFalse();
        assertThat(standard.has("service_tier")).isFalse();
        assertRefused(",\"service_tier\":\"flex\"", "service_tier");
    }

    @Test
    void refuses_temperature_with_top_p_on_a_model_that_takes_only_one_of_them() {
        for (String model : new String[] {"anthropic/claude-haiku-4-5", "anthropic/claude-opus-4-5"}) {
            assertThatThrownBy(() -> body(model, ",\"temperature\":0.4,\"top_p\":0.9"))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.param()).isEqualTo("top_p");
                        assertThat(e.getMessage()).contains("temperature").contains("top_p").contains("anthropic");
                    });
        }
    }

    @Test
    void a_sampling_value_that_changes_nothing_gives_way_to_the_other_on_a_model_that_takes_one() {
        JsonNode defaultTemperature = body("anthropic/claude-haiku-4-5", ",\"temperature\":1,\"top_p\":0.9");
        JsonNode fullTopP = body("anthropic/claude-haiku-4-5", ",\"temperature\":0.4,\"top_p\":1");

        assertThat(defaultTemperature.has("temperature")).isFalse();
        assertThat(defaultTemperature.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(fullTopP.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(fullTopP.has("top_p")).isFalse();
    }

    @Test
    void top_p_alone_is_forwarded_and_both_go_to_a_model_that_takes_both() {
        assertThat(body("anthropic/claude-haiku-4-5", ",\"top_p\":0.9").path("top_p").asDouble()).isEqualTo(0.9);

        JsonNode both = body("anthropic/claude-budget-thinking", ",\"temperature\":0.4,\"top_p\":0.9");

        assertThat(both.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(both.path("top_p").asDouble()).isEqualTo(0.9);
    }

    @Test
    void refuses_content_anthropic_cannot_take_naming_the_part() {
        assertRefusedMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\",\"format\":\"wav\"}}]}]",
                "messages[0].content[0]");
        assertRefusedMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/tiff;base64,AA\"}}]}]",
                "messages[0].content[0].image_url.url");
        assertRefusedMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,raw\"}}]}]",
                "messages[0].content[0].image_url.url");
        assertRefusedMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x/y.png\"}}]}]",
                "messages[0].content[0].image_url.url");
        assertRefusedMessages("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]",
                "messages[1].tool_calls[0].function.arguments");
        assertRefusedMessages("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"x\","
                + "\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"no signature\"}]}]",
                "messages[1].thinking_blocks[0]");
        assertRefusedMessages("[{\"role\":\"system\",\"content\":\"only instructions\"}]", "messages");
    }

    private static JsonNode toolChoice(String extra) {
        return body("anthropic/claude-haiku-4-5", "," + extra).get("tool_choice");
    }

    private static ObjectNode body(String model, String extra) {
        ChatRequest req = chat("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + extra + "}");
        return AnthropicRequest.body(req, model(model), "anthropic");
    }

    private static void assertRefused(String extra, String param) {
        assertThatThrownBy(() -> body("anthropic/claude-haiku-4-5", extra))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(param).contains("anthropic");
                });
    }

    private static void assertRefusedMessages(String messages, String param) {
        ChatRequest req = chat("{\"model\":\"anthropic/claude-haiku-4-5\",\"messages\":" + messages + "}");
        assertThatThrownBy(() -> AnthropicRequest.body(req, model(req.model()), "anthropic"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
    }
}
