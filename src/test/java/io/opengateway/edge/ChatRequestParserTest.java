package io.opengateway.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ContentPart;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.Role;
import io.opengateway.model.ToolChoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatRequestParserTest {

    private final ChatRequestParser parser = new ChatRequestParser(null);
    private final ObjectMapper json = new ObjectMapper();

    private ChatRequest parse(String body) throws Exception {
        return parser.parse(json.readTree(body));
    }

    private static void assertBad(ThrowingRunnable r, String param) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void reads_a_full_request_into_the_neutral_model() throws Exception {
        ChatRequest r = parse("""
                {"model":"anthropic/claude-haiku-4-5","models":["openai/gpt-4o"],
                 "messages":[{"role":"developer","content":"Be brief"},
                   {"role":"user","content":[{"type":"text","text":"What is this?"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"look","arguments":"{\\"q\\":1}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"a cat"}],
                 "stream":true,"stream_options":{"include_usage":true},
                 "max_tokens":100,"max_completion_tokens":200,"stop":"END","temperature":0.5,
                 "tools":[{"type":"function","function":{"name":"look","parameters":{"type":"object"}}}],
                 "tool_choice":{"type":"function","function":{"name":"look"}},
                 "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}},
                 "metadata":{"team":"a"}}""");

        assertThat(r.models()).containsExactly("openai/gpt-4o");
        assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.DEVELOPER, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(r.messages().get(1).content().get(1).type()).isEqualTo(ContentPart.Type.IMAGE_URL);
        assertThat(r.messages().get(2).toolCalls().get(0).arguments()).isEqualTo("{\"q\":1}");
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("call_1");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.maxTokens()).as("max_completion_tokens wins").isEqualTo(200);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.named("look"));
        assertThat(r.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(r.metadata()).containsEntry("team", "a");
    }

    @Test
    void refuses_what_no_provider_could_answer_naming_the_parameter() {
        assertBad(() -> parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "model");
        assertBad(() -> parse("{\"model\":\"a/b\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"),
                "messages[0].tool_call_id");
        assertBad(() -> parse("{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"ghost\"}}}"), "tool_choice");
        assertBad(() -> parse("{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"), "stop");
        assertBad(() -> parse("{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stream_options\":{\"include_usage\":true}}"), "stream_options");
        assertBad(() -> parse("{\"model\":\"a/b\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}"), "messages[0].content[0]");
        assertBad(() -> parse("{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_schema\"}}"), "response_format.json_schema");
    }
}
