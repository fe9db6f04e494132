package io.opengateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dropped-parameters policy (docs/api.md): sampling parameters a model refuses (catalog flag
 * sampling_refused) are left out of the upstream request and named in x-opengateway-dropped-params,
 * in request order, the same way on every dialect; a model that takes them gets them as sent.
 */
class DroppedParamsTest extends GatewayTestBase {

    private static String body(String model, String sampling) {
        return "{\"model\":\"" + model + "\"," + sampling + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    @Test
    void anthropic_sampling_on_a_model_that_refuses_it_is_dropped_and_named() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        // Claude 4.7+ answer a 400 for non-default sampling parameters (platform.claude.com/docs/en/models/
        // sonnet-5-5/migration-guide)
        var r = post("/v1/chat/completions", body("anthropic/claude-sonnet-5-5", "\"top_p\":0.9,\"temperature\":0.2"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("top_p, temperature");
        JsonNode sent = json(ANTHROPIC.lastRequest().body());
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.has("top_p")).isFalse();
    }

    @Test
    void a_model_that_takes_sampling_gets_it_and_no_header() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(200, fixture("anthropic/message-text-with-cache.json")));

        var r = post("/v1/chat/completions", body("anthropic/claude-haiku-4-5", "\"temperature\":0.2"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).isEmpty();
        assertThat(json(ANTHROPIC.lastRequest().body()).path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void gemini_4_and_openai_reasoning_only_models_get_the_same_rule() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        var g = post("/v1/chat/completions", body("google/gemini-4-neon", "\"temperature\":0.3,\"presence_penalty\":0.5"));
        assertThat(g.statusCode()).as(g.body()).isEqualTo(200);
        assertThat(g.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature, presence_penalty");
        JsonNode config = json(GOOGLE.lastRequest().body()).path("generationConfig");
        assertThat(config.has("temperature")).isFalse();
        assertThat(config.has("presencePenalty")).isFalse();

        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var o = post("/v1/chat/completions", body("openai/gpt-6.2-sol", "\"temperature\":0.3"));
        assertThat(o.statusCode()).as(o.body()).isEqualTo(200);
        assertThat(o.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature");
        assertThat(json(OPENAI.lastRequest().body()).has("temperature")).isFalse();
    }

    @Test
    void the_messages_front_drops_for_a_translated_model_too() throws Exception {
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/messages"))
                .header("Content-Type", "application/json").header("x-api-key", gatewayKey())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"model": "google/gemini-4-hydrogen", "max_tokens": 64, "temperature": 0.5, "top_k": 5,
                         "messages": [{"role": "user", "content": "Hello"}]}""")).build();

        var r = HTTP.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-dropped-params")).hasValue("temperature, top_k");
        assertThat(json(GOOGLE.lastRequest().body()).path("generationConfig").has("topK")).isFalse();
    }
}
