package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models the providers no longer serve (the catalog's {@code retired:} lists) are answered 404
 * model_not_found naming the replacement on every endpoint, and never reach a provider; deprecated
 * models show their shutdown date in GET /v1/models, as OpenAI's model objects do.
 */
class RetiredModelsTest extends GatewayTestBase {

    @Test
    void a_retired_model_on_chat_completions_is_a_404_naming_the_replacement() throws Exception {
        for (String model : new String[] {"anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5-20250929"}) {
            var r = post("/v1/chat/completions", chat(model));

            assertThat(r.statusCode()).as(model).isEqualTo(404);
            JsonNode err = json(r.body()).path("error");
            assertThat(err.path("code").asText()).isEqualTo("model_not_found");
            assertThat(err.path("param").asText()).isEqualTo("model");
            assertThat(err.path("message").asText()).contains(model).contains("retired").contains("2026-11-30")
                    .contains("anthropic/claude-sonnet-5-5");
        }
        var gemini = post("/v1/chat/completions", chat("google/gemini-2.5-flash"));
        assertThat(gemini.statusCode()).isEqualTo(404);
        assertThat(json(gemini.body()).path("error").path("message").asText()).contains("google/gemini-3.5-flash-lite");
        assertThat(ANTHROPIC.requests()).isEmpty();
        assertThat(GOOGLE.requests()).isEmpty();
    }

    @Test
    void a_retired_fallback_is_refused_before_any_attempt() throws Exception {
        var r = post("/v1/chat/completions", chat(false, "openai/gpt-4o-mini", "openai/o4-mini"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r.body()).path("error").path("message").asText()).contains("openai/o4-mini")
                .contains("openai/gpt-5.6-terra");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void a_retired_model_on_responses_is_a_404_naming_the_replacement() throws Exception {
        var r = post("/v1/responses", "{\"model\":\"openai/o4-mini-2025-04-16\",\"input\":\"hi\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo("model_not_found");
        assertThat(err.path("message").asText()).contains("2026-10-23").contains("openai/gpt-5.6-terra");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void a_retired_model_on_messages_is_anthropics_not_found_error_naming_the_replacement() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-api-key", gatewayKey())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "claude-sonnet-4-5-20250929", "max_tokens": 64,
                         "messages": [{"role": "user", "content": "Hello"}]}""")).build();

        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode body = json(r.body());
        assertThat(body.path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(body.path("error").path("message").asText()).contains("anthropic/claude-sonnet-5-5");
        assertThat(ANTHROPIC.requests()).isEmpty();
    }

    @Test
    void models_show_the_announced_shutdown_date_and_replacement_or_null() throws Exception {
        JsonNode gpt4o = json(get("/v1/models/openai/gpt-4o", null).body());
        assertThat(gpt4o.path("shutdown_date").asText()).isEqualTo("2027-01-14");
        assertThat(gpt4o.path("replacement").asText()).isEqualTo("openai/gpt-6-luna");

        JsonNode opus = json(get("/v1/models/anthropic/claude-opus-5-5", null).body());
        assertThat(opus.has("shutdown_date")).isTrue();
        assertThat(opus.path("shutdown_date").isNull()).isTrue();
        assertThat(opus.path("replacement").isNull()).isTrue();

        for (JsonNode m : json(get("/v1/models", null).body()).path("data")) {
            assertThat(m.path("id").asText()).isNotEqualTo("anthropic/claude-sonnet-4-5");
            assertThat(m.has("shutdown_date")).as(m.path("id").asText()).isTrue();
        }
        assertThat(get("/v1/models/anthropic/claude-sonnet-4-5", null).statusCode()).isEqualTo(404);
    }
}
