package io.opengateway;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayProcess;
import io.opengateway.support.GatewayProcessTestBase;
import io.opengateway.support.PostgresDatabase;
import io.opengateway.support.SpendAdmin;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** A gateway on PostgreSQL without Redis counts its limits in the database (Bucket4j's PostgreSQL buckets). */
class SpendPostgresTest extends GatewayProcessTestBase {

    @Test
    void requests_per_minute_are_counted_in_postgresql_when_there_is_no_redis() throws Exception {
        PostgresDatabase.assumeAvailable();
        gateway = new GatewayProcess(dir, openai).database(PostgresDatabase.freshSchemaUrl(), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD).start();
        assertThat(gateway.log()).contains("counted in PostgreSQL");
        JsonNode key = createKey("pg-limits", "ci");
        new SpendAdmin(gateway.url(""), GatewayProcess.ADMIN_TOKEN).putKey(key.path("id").asText(),
                "{\"requests_per_minute\": 2, \"max_concurrent\": 2, \"daily_usd\": \"1\"}");
        openai.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        HttpResponse<String> first = gateway.post("/v1/chat/completions", body, key.path("key").asText());
        HttpResponse<String> second = gateway.post("/v1/chat/completions", body, key.path("key").asText());
        HttpResponse<String> third = gateway.post("/v1/chat/completions", body, key.path("key").asText());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("rate_limit_exceeded");
    }
}
