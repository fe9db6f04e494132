package io.opengateway;

import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin key API: create (shown once), list (never the key), revoke (at once). */
class AdminKeysTest extends GatewayTestBase {

    @Test
    void a_key_lives_from_creation_to_revocation() throws Exception {
        var created = post("/admin/keys", "{\"account\":\"acme\",\"name\":\"ci\"}", ADMIN_TOKEN);
        assertThat(created.statusCode()).isEqualTo(201);
        var body = json(created.body());
        String id = body.path("id").asText();
        String key = body.path("key").asText();
        assertThat(key).startsWith("og-");
        assertThat(body.path("account").asText()).isEqualTo("acme");
        assertThat(body.path("name").asText()).isEqualTo("ci");
        assertThat(body.path("created_at").asLong()).isPositive();

        var listed = get("/admin/keys", ADMIN_TOKEN);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(id).doesNotContain(key);

        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        assertThat(post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key).statusCode()).isEqualTo(200);

        var revoked = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/admin/keys/" + id))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(200);

        var after = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void the_admin_api_needs_the_admin_token() throws Exception {
        assertThat(get("/admin/keys", null).statusCode()).isEqualTo(401);
        assertThat(get("/admin/keys", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/admin/keys", gatewayKey()).statusCode()).isEqualTo(401);
        var r = post("/admin/keys", "{\"account\":\"acme\"}", "wrong");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void a_key_needs_an_account() throws Exception {
        var r = post("/admin/keys", "{\"name\":\"ci\"}", ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("account");
    }

    @Test
    void revoking_an_unknown_key_is_404() throws Exception {
        var r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/admin/keys/key_nope"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }
}
