package io.opengateway;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A prompt longer than the model's context window is {@code 400 context_length_exceeded} whichever
 * provider says so and in whatever words, streamed or not (the providers check the prompt before they
 * stream, so the overflow is the HTTP answer, not a stream event); the provider's message and, where
 * it names one, its {@code param} are passed on. A client that trims its history on that code works
 * with every provider.
 */
class ContextLengthExceededTest extends GatewayTestBase {

    record Row(String model, String fixture, boolean stream, String message, String param) {
        @Override
        public String toString() {
            return fixture + (stream ? ", streamed" : "");
        }
    }

    static Stream<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (boolean stream : new boolean[] {false, true}) {
            out.add(new Row("openai/gpt-4o-mini", "openai/error-400-context.json", stream,
                    "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 "
                    + "tokens. Please reduce the length of the messages.", "messages"));
            out.add(new Row("anthropic/claude-haiku-4-5", "anthropic/error-400.json", stream,
                    "prompt is too long: 215000 tokens > 200000 maximum", null));
            out.add(new Row("anthropic/claude-haiku-4-5", "anthropic/error-400-context-max-tokens.json", stream,
                    "input length and `max_tokens` exceed context limit: 196014 + 8192 > 200000, decrease input "
                    + "length or `max_tokens` and try again", null));
            // streamGenerateContent wraps its error in an array
            out.add(new Row("google/gemini-3.8-flash", stream ? "gemini/error-400-context-array.json" : "gemini/error-400.json",
                    stream, stream ? "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576)."
                    : "The input token count (1200345) exceeds the maximum number of tokens allowed (1048576).", null));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void an_overflow_has_openais_code_and_the_providers_message(Row row) throws Exception {
        upstream(row.model()).enqueue(FakeUpstream.json(400, FakeUpstream.fixture(row.fixture())));

        var r = post("/v1/chat/completions", row.stream() ? chat(true, row.model()) : chat(row.model()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode e = json(r.body()).path("error");
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(e.path("message").asText()).isEqualTo(row.message());
        assertThat(e.path("param").isNull() ? null : e.path("param").asText()).isEqualTo(row.param());
        assertThat(e.path("attempts").get(0).path("code").asText()).isEqualTo("context_length_exceeded");
    }

    @Test
    void the_official_sdk_sees_the_same_code_from_anthropic_as_from_openai() {
        for (String model : new String[] {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-3.8-flash"}) {
            upstream(model).enqueue(FakeUpstream.json(400, FakeUpstream.fixture(switch (model.split("/")[0]) {
                case "openai" -> "openai/error-400-context.json";
                case "anthropic" -> "anthropic/error-400.json";
                default -> "gemini/error-400.json";
            })));

            BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> client().chat().completions()
                    .create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build()));

            assertThat(e.code()).as(model).hasValue("context_length_exceeded");
        }
    }

    private static FakeUpstream upstream(String model) {
        return switch (model.split("/")[0]) {
            case "openai" -> OPENAI;
            case "anthropic" -> ANTHROPIC;
            default -> GOOGLE;
        };
    }
}
