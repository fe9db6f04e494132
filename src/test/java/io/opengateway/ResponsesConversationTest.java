package io.opengateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.SseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code store} and {@code previous_response_id} on the Responses front for translated models, over
 * real HTTP against the fake providers: a response is kept unless {@code store: false}, a next turn
 * naming it sends the provider the whole conversation, {@code GET /v1/responses/{id}} answers the
 * response as the client got it (streamed too), and an id the account does not have is OpenAI's 400
 * {@code previous_response_not_found}. An openai/* model gets {@code previous_response_id} as sent.
 */
class ResponsesConversationTest extends GatewayTestBase {

    static final String CLAUDE = "anthropic/claude-haiku-4-5";

    static String turn(String model, String input, String more) {
        return """
                {"model": "%s", "input": %s%s}""".formatted(model, input, more);
    }

    static String continuing(String model, String previousId) {
        return turn(model, "\"And in German?\"", ", \"previous_response_id\": \"" + previousId + "\"");
    }

    /** The upstream request's turns as role: text, in Anthropic's or Gemini's wire format. */
    static List<String> upstreamTurns(FakeUpstream fake) throws Exception {
        JsonNode body = json(fake.lastRequest().body());
        List<String> out = new ArrayList<>();
        boolean gemini = body.has("contents");
        for (JsonNode m : gemini ? body.path("contents") : body.path("messages")) {
            StringBuilder text = new StringBuilder();
            JsonNode parts = gemini ? m.path("parts") : m.path("content");
            if (parts.isTextual()) {
                text.append(parts.asText());
            }
            for (JsonNode p : parts) {
                if (!p.path("thought").asBoolean(false) && (gemini || p.path("type").asText().equals("text"))) {
                    text.append(p.path("text").asText(""));
                }
            }
            out.add(m.path("role").asText() + ": " + text);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {CLAUDE, "google/gemini-3.1-pro-preview"})
    void a_second_turn_continues_from_the_stored_first_turn(String model) throws Exception {
        ResponsesFakes fakes = ResponsesFakes.of(model).answerText();
        HttpResponse<String> first = post("/v1/responses", turn(model, "\"Say hello\"", ""));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode response = json(first.body());
        String id = response.path("id").asText();
        String said = response.path("output").findValue("text").asText();
        assertThat(response.path("store").asBoolean()).isTrue();

        fakes.answerText();
        HttpResponse<String> second = post("/v1/responses", continuing(model, id));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        String assistant = model.startsWith("google/") ? "model" : "assistant";
        assertThat(upstreamTurns(fakes.fake()))
                .containsExactly("user: Say hello", assistant + ": " + said, "user: And in German?");
        assertThat(json(second.body()).path("previous_response_id").asText()).isEqualTo(id);
        HttpResponse<String> kept = get("/v1/responses/" + id, gatewayKey());
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(json(kept.body())).isEqualTo(response);
    }

    @Test
    void a_streamed_turn_is_kept_as_its_completed_event_said_and_continued_from() throws Exception {
        ResponsesFakes fakes = ResponsesFakes.of(CLAUDE).answerStream();
        HttpResponse<String> first = post("/v1/responses", turn(CLAUDE, "\"Say hello\"", ", \"stream\": true"));
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode completed = SseBody.last(first.body());
        assertThat(completed.path("type").asText()).isEqualTo("response.completed");
        JsonNode response = completed.path("response");
        String id = response.path("id").asText();

        HttpResponse<String> kept = get("/v1/responses/" + id, gatewayKey());
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(json(kept.body())).isEqualTo(response);
        assertThat(json(SseBody.data(first.body()).get(0)).path("response").path("id").asText()).isEqualTo(id);

        fakes.answerText();
        HttpResponse<String> second = post("/v1/responses", continuing(CLAUDE, id));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(upstreamTurns(ANTHROPIC))
                .containsExactly("user: Say hello", "assistant: Hello there!", "user: And in German?");
    }

    @Test
    void a_turn_two_after_a_tool_call_carries_the_call_and_its_result() throws Exception {
        ResponsesFakes fakes = ResponsesFakes.of(CLAUDE).answerToolCall();
        String tools = """
                , "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object",
                  "properties": {"location": {"type": "string"}}}}]""";
        JsonNode first = json(post("/v1/responses", turn(CLAUDE, "\"Weather in Paris?\"", tools)).body());
        JsonNode call = first.path("output").findParent("call_id");

        fakes.answerText();
        HttpResponse<String> second = post("/v1/responses", turn(CLAUDE, """
                [{"type": "function_call_output", "call_id": "%s", "output": "18C"}]""".formatted(call.path("call_id").asText()),
                tools + ", \"previous_response_id\": \"" + first.path("id").asText() + "\""));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode messages = json(ANTHROPIC.lastRequest().body()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("content").findValue("id").asText()).isEqualTo(call.path("call_id").asText());
        assertThat(messages.get(2).path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).path("content").get(0).path("content").asText()).isEqualTo("18C");
    }

    @Test
    void store_false_keeps_nothing_to_get_or_continue_from() throws Exception {
        ResponsesFakes.of(CLAUDE).answerText();
        JsonNode first = json(post("/v1/responses", turn(CLAUDE, "\"Say hello\"", ", \"store\": false")).body());
        String id = first.path("id").asText();
        assertThat(first.path("store").asBoolean()).isFalse();

        assertThat(get("/v1/responses/" + id, gatewayKey()).statusCode()).isEqualTo(404);
        HttpResponse<String> next = post("/v1/responses", continuing(CLAUDE, id));

        assertNotFound(next, id);
        assertThat(ANTHROPIC.requests()).hasSize(1);
    }

    @Test
    void another_accounts_response_cannot_be_continued_from() throws Exception {
        ResponsesFakes.of(CLAUDE).answerText();
        String id = json(post("/v1/responses", turn(CLAUDE, "\"Say hello\"", "")).body()).path("id").asText();
        String other = keys.create("other-account-conversations", "e2e").secret();

        HttpResponse<String> theirs = post("/v1/responses", continuing(CLAUDE, id), other);

        assertNotFound(theirs, id);
        assertThat(ANTHROPIC.requests()).hasSize(1);
        assertThat(get("/v1/responses/" + id, other).statusCode()).isEqualTo(404);
    }

    @Test
    void an_openai_model_gets_previous_response_id_as_sent_even_with_a_translated_fallback() throws Exception {
        ResponsesFakes.of("openai/gpt-4o-mini").answerText();

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "openai/gpt-4o-mini", "models": ["%s"], "input": "And in German?",
                 "previous_response_id": "resp_kept_at_openai"}""".formatted(CLAUDE));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = json(OPENAI.lastRequest().body());
        assertThat(sent.path("previous_response_id").asText()).isEqualTo("resp_kept_at_openai");
        assertThat(sent.path("input").asText()).isEqualTo("And in German?");
        assertThat(ANTHROPIC.requests()).isEmpty();
    }

    @Test
    void an_unknown_id_falling_back_from_openai_is_refused_by_the_translated_model() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(500, FakeUpstream.fixture("openai/error-500.json")));

        HttpResponse<String> r = post("/v1/responses", """
                {"model": "openai/gpt-4o-mini", "models": ["%s"], "input": "And in German?",
                 "previous_response_id": "resp_kept_at_openai"}""".formatted(CLAUDE));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("previous_response_id");
        assertThat(ANTHROPIC.requests()).isEmpty();
    }

    static void assertNotFound(HttpResponse<String> r, String id) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("previous_response_not_found");
        assertThat(error.path("param").asText()).isEqualTo("previous_response_id");
        assertThat(error.path("message").asText()).isEqualTo("Previous response with id '" + id + "' not found.");
    }
}
