package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own rows of docs/api.md's error table: OpenAI's error shape, the right status. The
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
    void json_nested_past_the_configured_depth_is_400_on_every_route_that_parses_a_body() throws Exception {
        // 100 levels: past the gateway's limit (64) but well within Jackson's default (1000)
        String deep = "[".repeat(100) + "]".repeat(100);
        for (String path : new String[] {"/v1/chat/completions", "/v1/responses"}) {
            var r = post(path, "{\"model\":\"openai/gpt-4o-mini\",\"messages\":" + deep + "}");
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(error(r).path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error(r).path("message").asText()).as(path).contains("nested too deeply");
        }
        var admin = post("/admin/keys", "{\"account\":\"deep\",\"name\":" + deep + "}", ADMIN_TOKEN);
        assertThat(admin.statusCode()).isEqualTo(400);
        assertThat(error(admin).path("message").asText()).contains("nested too deeply");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void json_nested_within_the_depth_limit_is_parsed() throws Exception {
        // 60 levels parse; the validation then names what is wrong with them
        String deep = "[".repeat(60) + "]".repeat(60);
        var r = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[" + deep + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).path("param").asText()).startsWith("messages[0]");
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
        for (String path : new String[] {"/v1/nothing-here", "/elsewhere"}) {
            var r = get(path, gatewayKey());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(error(r).path("code").asText()).isEqualTo("not_found");
            assertThat(r.headers().firstValue("x-request-id")).as(path).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        }
    }

    @Test
    void a_method_a_route_does_not_take_is_405_in_the_error_shape() throws Exception {
        var get = get("/v1/chat/completions", gatewayKey());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(error(get).path("code").asText()).isEqualTo("method_not_allowed");
        assertThat(error(get).path("message").asText()).contains("GET").contains("/v1/chat/completions");

        var post = post("/v1/models", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(error(post).path("code").asText()).isEqualTo("method_not_allowed");
        for (var r : java.util.List.of(get, post)) {
            assertThat(r.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
            assertThat(r.headers().firstValue("x-opengateway-model")).isEmpty();
        }
    }

    @Test
    void every_answer_carries_a_request_id_of_its_own_and_the_model_headers_only_after_a_model_was_tried() throws Exception {
        var unsupported = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + gatewayKey()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
        var tooLarge = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/responses"))
                .header("Authorization", "Bearer " + gatewayKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        var unauthorized = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), null);
        var models = get("/v1/models", null);
        assertThat(java.util.List.of(unsupported.statusCode(), tooLarge.statusCode(), unauthorized.statusCode(),
                models.statusCode())).containsExactly(415, 413, 401, 200);

        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var r : java.util.List.of(unsupported, tooLarge, unauthorized, models)) {
            assertThat(r.headers().allValues("x-request-id")).hasSize(1);
            ids.add(r.headers().firstValue("x-request-id").orElseThrow());
            assertThat(r.headers().firstValue("x-opengateway-provider")).isEmpty();
        }
        assertThat(ids).hasSize(4).allSatisfy(id -> assertThat(id).matches("req_[0-9a-f]{24}"));

        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var served = post("/v1/chat/completions", chat("openai/gpt-4o-mini"));
        assertThat(served.headers().allValues("x-request-id")).hasSize(1);
        assertThat(served.headers().firstValue("x-opengateway-provider")).hasValue("openai");
    }
}
