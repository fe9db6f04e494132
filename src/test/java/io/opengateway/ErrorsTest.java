package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own rows of API.md's error table: OpenAI's error shape, the right status. The
 * upstream rows, for each dialect: ErrorTableTest and UpstreamFaultsTest.
 */
class ErrorsTest extends GatewayTestBase {

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        JsonNode e = json(r.body()).path("error");
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code"))
                .as("OpenAI error shape: %s", r.body()).isTrue();
        assertThat(r.body()).doesNotContain("at io.").doesNotContain("Exception").doesNotContain(OPENAI_KEY);
        return e;
    }

    @Test
    void malformed_json_is_400() throws Exception {
        var r = post("/v1/chat/completions", "{\"model\": \"openai/gpt-4o-mini\", \"messages\": [");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error(r).path("message").asText()).contains("not valid JSON");
    }

    @Test
    void a_body_that_is_not_json_by_content_type_is_415() throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + gatewayKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o-mini"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(error(r).path("message").asText()).contains("application/json");
    }

    @Test
    void missing_empty_or_non_array_messages_are_400_naming_messages() throws Exception {
        for (String body : new String[] {
                "{\"model\":\"openai/gpt-4o-mini\"}",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[]}",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":\"hi\"}"}) {
            var r = post("/v1/chat/completions", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(error(r).path("param").asText()).isEqualTo("messages");
        }
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void wrong_types_are_400_naming_the_parameter() throws Exception {
        Map<String, String> cases = Map.of(
                "\"temperature\":\"hot\"", "temperature",
                "\"max_tokens\":-5", "max_tokens",
                "\"stream\":\"yes\"", "stream",
                "\"tools\":{}", "tools",
                "\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]", "messages[0].role",
                "\"messages\":[{\"role\":\"user\",\"content\":42}]", "messages[0].content");
        for (var c : cases.entrySet()) {
            String body = c.getKey().startsWith("\"messages\"")
                    ? "{\"model\":\"openai/gpt-4o-mini\"," + c.getKey() + "}"
                    : "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + c.getKey() + "}";
            var r = post("/v1/chat/completions", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(error(r).path("param").asText()).as(body).isEqualTo(c.getValue());
        }
    }

    @Test
    void deeply_nested_json_is_400() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        var r = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"messages\":" + deep + "}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).path("message").asText()).contains("nested");
    }

    @Test
    void a_body_over_the_limit_is_413_whether_its_length_is_declared_or_chunked() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        var declared = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + gatewayKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(error(declared).path("code").asText()).isEqualTo("request_too_large");

        var chunked = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + gatewayKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void a_missing_or_unknown_key_is_401_invalid_api_key() throws Exception {
        for (String key : new String[] {null, "og-not-a-key", "sk-something-else"}) {
            var r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(error(r).path("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void an_unknown_model_or_provider_is_404_model_not_found() throws Exception {
        for (String model : new String[] {"openai/gpt-99", "nope/model", "gpt-4o", "google/x/../../y"}) {
            var r = post("/v1/chat/completions", chat(model));
            assertThat(r.statusCode()).as(model).isEqualTo(404);
            assertThat(error(r).path("code").asText()).isEqualTo("model_not_found");
            assertThat(error(r).path("param").asText()).isEqualTo("model");
        }
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void an_unknown_path_is_404_in_the_error_shape() throws Exception {
        var r = get("/v1/nothing-here", gatewayKey());
        assertThat(r.statusCode()).isEqualTo(404);
        error(r);
    }
}
