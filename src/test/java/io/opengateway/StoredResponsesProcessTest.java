package io.opengateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.opengateway.config.DurableWrites;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.front.responses.store.ResponseRetention;
import io.opengateway.front.responses.store.ResponseStore;
import io.opengateway.support.GatewayProcess;
import io.opengateway.support.GatewayProcessTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DELETE /v1/responses/{id} the gateway has answered survives a SIGKILL sent the moment the answer
 * arrives, on the embedded H2 file database (whose own writer would put it on disk up to 500 ms
 * later): the response stays deleted after the restart, and the one not deleted is still there.
 * The responses are written into the database file before the gateway starts, through the store's
 * Java API (the one the Responses front saves with, through the same DurableWrites).
 */
class StoredResponsesProcessTest extends GatewayProcessTestBase {

    @Test
    void a_deletion_on_h2_survives_a_sigkill_right_after_the_answer() throws Exception {
        GatewayProcess process = new GatewayProcess(dir, openai);
        seed("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "resp_kill_deleted", "resp_kill_kept");
        gateway = process.start();
        String key = createKey("durable", "responses").path("key").asText();
        assertThat(gateway.get("/v1/responses/resp_kill_deleted", key).statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = delete("/v1/responses/resp_kill_deleted", key);
        gateway.kill();
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        gateway.start();
        assertThat(gateway.get("/v1/responses/resp_kill_deleted", key).statusCode())
                .as("deleted just before the SIGKILL\n" + gateway.log()).isEqualTo(404);
        HttpResponse<String> kept = gateway.get("/v1/responses/resp_kill_kept", key);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(JSON.readTree(kept.body()).path("output").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("kept");
    }

    private static void seed(String url, String... ids) throws Exception {
        DataSource ds = new DriverManagerDataSource(url, "sa", "");
        GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds));
        ResponseStore store = new ResponseStore(new JdbcTemplate(ds), new DurableWrites(ds), JSON, Instant::now,
                new ResponseRetention(Duration.ofDays(30), Duration.ofHours(1)));
        for (String id : ids) {
            store.save("durable", id, (ArrayNode) JSON.readTree("[{\"role\":\"user\",\"content\":\"hi\"}]"),
                    (ArrayNode) JSON.readTree("""
                            [{"type":"message","role":"assistant","content":[{"type":"output_text","text":"kept"}]}]"""));
        }
        new JdbcTemplate(ds).execute("SHUTDOWN");
    }

    private HttpResponse<String> delete(String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.url(path)))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
