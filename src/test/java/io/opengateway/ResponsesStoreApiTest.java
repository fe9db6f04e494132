package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.front.responses.store.ResponseStore;
import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GET and DELETE /v1/responses/{id} (routes/responses-store.yaml) over real HTTP, for responses
 * written through the store's Java API as the Responses front writes them: OpenAI's response and
 * deletion objects, read by OpenAI's own Java SDK; OpenAI's 404 for an unknown id and, alike, for
 * another account's.
 */
class ResponsesStoreApiTest extends GatewayTestBase {

    @Autowired
    ResponseStore store;

    static ArrayNode items(String json) throws Exception {
        return (ArrayNode) JSON.readTree(json);
    }

    String saved(String id) throws Exception {
        ObjectNode response = (ObjectNode) json("""
                {"id":"%s","object":"response","created_at":1796000000,"status":"completed",
                 "model":"anthropic/claude-sonnet-5-5","error":null,"incomplete_details":null,"instructions":null,
                 "parallel_tool_calls":true,"tool_choice":"auto","tools":[],"metadata":{},"temperature":null,"top_p":null,
                 "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                   "content":[{"type":"output_text","text":"Bonjour!","annotations":[]}]}],
                 "usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,
                   "output_tokens_details":{"reasoning_tokens":0},"total_tokens":15}}""".formatted(id));
        store.save("test-account", response, items("""
                [{"type":"message","role":"user","content":"Say hello in French"}]"""));
        return id;
    }

    HttpResponse<String> delete(String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE()
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_openai_sdk_retrieves_a_stored_response_then_deletes_it() throws Exception {
        String id = saved("resp_store_sdk_1");
        gatewayKey(); // the account's key exists before the SDK uses it

        Response r = client().responses().retrieve(id);

        assertThat(r.id()).isEqualTo(id);
        assertThat(r.model().asString()).isEqualTo("anthropic/claude-sonnet-5-5");
        assertThat(r.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("Bonjour!");
        assertThat(r.usage().orElseThrow().totalTokens()).isEqualTo(15);

        client().responses().delete(id);

        assertThatThrownBy(() -> client().responses().retrieve(id)).isInstanceOf(NotFoundException.class);
        assertThat(store.find("test-account", id)).isEmpty();
    }

    @Test
    void delete_answers_openai_deletion_object() throws Exception {
        String id = saved("resp_store_del_1");

        HttpResponse<String> r = delete("/v1/responses/" + id, gatewayKey());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body())).isEqualTo(json("{\"id\":\"" + id + "\",\"object\":\"response\",\"deleted\":true}"));
        assertThat(get("/v1/responses/" + id, gatewayKey()).statusCode()).isEqualTo(404);
    }

    @Test
    void another_accounts_response_is_not_found_as_an_unknown_one_is() throws Exception {
        String id = saved("resp_store_iso_1");
        String other = keys.create("other-account", "e2e").secret();

        HttpResponse<String> theirs = get("/v1/responses/" + id, other);
        HttpResponse<String> unknown = get("/v1/responses/resp_store_nobody", gatewayKey());
        HttpResponse<String> deleteTheirs = delete("/v1/responses/" + id, other);

        for (HttpResponse<String> r : java.util.List.of(theirs, unknown, deleteTheirs)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            JsonNode error = json(r.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("message").asText()).matches("Response with id '[a-z_0-9]+' not found\\.");
            assertThat(error.get("param").isNull()).isTrue();
            assertThat(error.get("code").isNull()).isTrue();
        }
        assertThat(json(theirs.body()).path("error").path("message").asText())
                .isEqualTo("Response with id '" + id + "' not found.");
        assertThat(get("/v1/responses/" + id, gatewayKey()).statusCode()).as("still the owner's").isEqualTo(200);
    }

    @Test
    void without_a_key_nothing_is_read() throws Exception {
        String id = saved("resp_store_nokey_1");

        HttpResponse<String> r = get("/v1/responses/" + id, null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("Bonjour");
    }
}
