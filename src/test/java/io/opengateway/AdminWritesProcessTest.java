package io.opengateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.GatewayProcess;
import io.opengateway.support.GatewayProcessTestBase;
import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin write the gateway has answered survives a SIGKILL sent the moment the answer arrives:
 * a created key works after the restart, a revoked key stays refused (and listed as revoked, so
 * the key was not simply lost). On the embedded H2 file database and on PostgreSQL.
 */
class AdminWritesProcessTest extends GatewayProcessTestBase {

    private static final String ADMIN = GatewayProcess.ADMIN_TOKEN;

    @Test
    void keys_created_and_revoked_on_h2_survive_a_sigkill_right_after_the_answer() throws Exception {
        createKillRevokeKill(new GatewayProcess(dir, openai));
    }

    @Test
    void keys_created_and_revoked_on_postgres_survive_a_sigkill_right_after_the_answer() throws Exception {
        PostgresDatabase.assumeAvailable();
        createKillRevokeKill(new GatewayProcess(dir, openai)
                .database(PostgresDatabase.freshSchemaUrl(), PostgresDatabase.USER, PostgresDatabase.PASSWORD));
    }

    private void createKillRevokeKill(GatewayProcess process) throws Exception {
        gateway = process.start();
        JsonNode kept = createKey("durable", "kept");
        JsonNode revoked = createKey("durable", "revoked");
        gateway.kill();

        gateway.start();
        assertThat(keyWorks(kept)).as("a key created just before the SIGKILL\n" + gateway.log()).isTrue();
        assertThat(keyWorks(revoked)).as("the other one too").isTrue();

        HttpResponse<String> answer = revoke(revoked.path("id").asText());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(keyWorks(revoked)).as("a revocation holds at once in the running gateway").isFalse();
        gateway.kill();

        gateway.start();
        assertThat(keyWorks(revoked)).as("a key revoked just before the SIGKILL\n" + gateway.log()).isFalse();
        assertThat(listed(revoked).has("revoked_at")).as("listed as revoked, not lost").isTrue();
        assertThat(keyWorks(kept)).isTrue();
    }

    private HttpResponse<String> revoke(String id) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.url("/admin/keys/" + id)))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + ADMIN).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET /v1/usage takes any live key and calls no provider: 200 for a live key, 401 otherwise. */
    private boolean keyWorks(JsonNode key) throws Exception {
        HttpResponse<String> r = gateway.get("/v1/usage", key.path("key").asText());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 401);
        return r.statusCode() == 200;
    }

    private JsonNode listed(JsonNode key) throws Exception {
        for (JsonNode k : JSON.readTree(gateway.get("/admin/keys", ADMIN).body()).path("data")) {
            if (k.path("id").asText().equals(key.path("id").asText())) {
                return k;
            }
        }
        throw new AssertionError("key " + key.path("id") + " is not listed:\n" + gateway.log());
    }
}
