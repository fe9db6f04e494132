package io.opengateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.example.estate.EstateApplication;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.support.FakeUpstream;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway as one dependency inside another Camel Spring Boot application, serving beside it. */
class EmbeddedInEstateTest {

    static final FakeUpstream OPENAI = new FakeUpstream();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ConfigurableApplicationContext estate;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path spool = Files.createTempDirectory("estate-spool");
        estate = new SpringApplicationBuilder(EstateApplication.class).properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.datasource.url=jdbc:h2:mem:estate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "opengateway.admin-token=estate-admin",
                "opengateway.providers.openai.base-url=" + OPENAI.baseUrl() + "/v1",
                "opengateway.providers.openai.api-key=sk-estate-test-0123456789",
                "opengateway.billing.spool-dir=" + spool,
                // the estate's own camel-http settings must not reach the gateway's provider calls
                "camel.component.http.automatic-retries-disabled=false").run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) estate).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        estate.close();
        OPENAI.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_estate_keeps_its_endpoint_route_and_database() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/estate/orders/count"))).body()).isEqualTo("1");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/estate/ping"))).body()).isEqualTo("pong");
        assertThat(estate.getBean("catalog")).isEqualTo("the estate's product catalog");
        JdbcTemplate jdbc = estate.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL",
                String.class)).containsExactly("1");
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"opengateway_schema_history\" WHERE \"version\" <> '0'",
                String.class)).contains("1", "2");
    }

    @Test
    void the_gateway_serves_its_routes_from_the_jar_next_to_the_estates() throws Exception {
        CamelContext camel = estate.getBean(CamelContext.class);
        assertThat(camel.getRoute("estate-ping")).isNotNull();
        assertThat(camel.getRoute("chat-completions")).isNotNull();
        assertThat(camel.getRoute("provider-openai")).isNotNull();

        var models = send(HttpRequest.newBuilder(URI.create(base + "/v1/models")));
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("openai/gpt-4o-mini");

        var created = send(HttpRequest.newBuilder(URI.create(base + "/admin/keys"))
                .header("Authorization", "Bearer estate-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"estate\"}")));
        String key = new ObjectMapper().readTree(created.body()).path("key").asText();

        OPENAI.enqueue(FakeUpstream.json(429, fixture("openai/error-429.json"), java.util.Map.of("Retry-After", "5")));
        var limited = send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
        assertThat(limited.statusCode()).as("no hidden HttpClient retry: %s", limited.body()).isEqualTo(429);
        assertThat(OPENAI.requests()).hasSize(1);

        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var chat = send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.body()).contains("Hello! How can I assist you today?");
    }
}
