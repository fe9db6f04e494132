package io.opengateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/responses: OpenAI's Responses API passed through for openai/* models. */
class ResponsesApiTest extends GatewayTestBase {

    private static ResponseCreateParams params() {
        return ResponseCreateParams.builder().model("openai/gpt-4o-mini").input("Tell me a story").build();
    }

    @Test
    void passes_a_response_through_with_the_catalog_model_id() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses.json")));

        Response r = client().responses().create(params());

        assertThat(r.model().asString()).isEqualTo("openai/gpt-4o-mini");
        assertThat(r.output().get(0).asMessage().content().get(0).asOutputText().text()).startsWith("In a peaceful grove");
        assertThat(r.usage().get().inputTokens()).isEqualTo(36);
        FakeUpstream.Recorded up = OPENAI.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/responses");
        assertThat(json(up.body()).path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(json(up.body()).path("input").asText()).isEqualTo("Tell me a story");
    }

    @Test
    void streams_response_events_as_they_come() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/responses-stream.sse"), Duration.ZERO));

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client().responses().createStreaming(params())) {
            s.stream().forEach(events::add);
        }

        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
        assertThat(text.toString()).isEqualTo("Hi there");
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isCompleted()).isTrue();
        assertThat(last.asCompleted().response().model().asString()).isEqualTo("openai/gpt-4o-mini");
        assertThat(last.asCompleted().response().usage().get().outputTokens()).isEqualTo(3);
    }

    @Test
    void openai_gets_the_body_as_sent_without_the_reasoning_items_the_gateway_wrote_for_another_provider()
            throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/responses.json")));
        String ours = io.opengateway.dialect.EncryptedReasoning.encode("anthropic", "anthropic/claude-haiku-4-5",
                List.of(io.opengateway.model.SignedReasoning.thinking("Think.", "sig")));

        var r = post("/v1/responses", """
                {"model": "openai/gpt-4o-mini", "store": false, "some_new_field": {"kept": true}, "input": [
                  {"role": "user", "content": "Hi"},
                  {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "%s"},
                  {"type": "reasoning", "id": "rs_2", "summary": [], "encrypted_content": "gAAAAB-openais-own"},
                  {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hello"}]},
                  {"role": "user", "content": "Tell me a story"}]}""".formatted(ours));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var up = json(OPENAI.lastRequest().body());
        assertThat(up.path("some_new_field").path("kept").asBoolean()).isTrue();
        assertThat(up.path("input")).hasSize(4);
        assertThat(up.path("input").get(1).path("encrypted_content").asText()).isEqualTo("gAAAAB-openais-own");
    }

    @Test
    void an_unknown_model_or_provider_is_404_model_not_found_as_on_chat() throws Exception {
        for (String model : new String[] {"nope/x", "gpt-4o", "openai/gpt-99"}) {
            var r = post("/v1/responses", "{\"model\":\"" + model + "\",\"input\":\"hi\"}");

            assertThat(r.statusCode()).as(model).isEqualTo(404);
            assertThat(json(r.body()).path("error").path("code").asText()).as(model).isEqualTo("model_not_found");
            assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("model");
        }
        assertThat(OPENAI.requests()).isEmpty();
    }
}
