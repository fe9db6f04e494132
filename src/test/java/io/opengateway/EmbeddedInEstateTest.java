package io.opengateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.example.estate.EstateApplication;
import com.fasterxml.jackson.databind.JsonNode;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway as one dependency inside another Camel Spring Boot application, serving beside it. */
class EmbeddedInEstateTest {

    static final FakeUpstream OPENAI = new FakeUpstream();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ConfigurableApplicationContext estate;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        estate = estate(EstateApplication.class);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) estate).getWebServer().getPort();
    }

    /**
     * The estate with the gateway inside; its actuator on its one (public) port, as an estate may
     * have it. Its exposure is an argument, as an estate's application.yaml would be: as a default
     * property, the one Hawtio's jar sets (hawtio,jolokia) would win.
     */
    static ConfigurableApplicationContext estate(Class<?>... sources) throws Exception {
        Path spool = Files.createTempDirectory("estate-spool");
        return new SpringApplicationBuilder(sources).properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.datasource.url=jdbc:h2:mem:estate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "opengateway.admin-token=estate-admin",
                "opengateway.providers.openai.base-url=" + OPENAI.baseUrl() + "/v1",
                "opengateway.providers.openai.api-key=sk-estate-test-0123456789",
                "opengateway.billing.spool-dir=" + spool,
                // the estate's own camel-http settings must not reach the gateway's provider calls
                "camel.component.http.automatic-retries-disabled=false",
                // more than one estate in this JVM: their JMX names must differ
                "spring.jmx.unique-names=true", "camel.main.name=estate-" + UUID.randomUUID())
                .run("--management.endpoints.web.exposure.include=health,metrics,orders,hawtio,jolokia");
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

    @Test
    void the_estates_actuator_answers_as_the_estate_configured_it() throws Exception {
        var orders = send(HttpRequest.newBuilder(URI.create(base + "/actuator/orders")));
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.body()).contains("\"open\":1");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))).statusCode()).isEqualTo(200);

        // the console the gateway brings is never on a public port, not even with the admin token
        for (String path : new String[] {"/actuator/jolokia", "/actuator/hawtio/"}) {
            var console = send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer estate-admin"));
            assertThat(console.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void the_estates_own_endpoints_under_v1_and_its_error_page_stay_its_own() throws Exception {
        var note = send(HttpRequest.newBuilder(URI.create(base + "/v1/estate/notes")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertThat(note.statusCode()).isEqualTo(200);
        assertThat(note.body()).isEqualTo("noted: hi");

        var missing = send(HttpRequest.newBuilder(URI.create(base + "/estate/nothing")).header("Accept", "application/json"));
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode page = new ObjectMapper().readTree(missing.body());
        assertThat(page.path("status").asInt()).as("Spring Boot's error page: %s", missing.body()).isEqualTo(404);
        assertThat(page.path("path").asText()).isEqualTo("/estate/nothing");

        // the gateway's own paths still answer in OpenAI's shape, with a request id
        var wrongMethod = send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")));
        var notJson = send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(notJson.statusCode()).isEqualTo(415);
        for (var r : java.util.List.of(wrongMethod, notJson)) {
            assertThat(new ObjectMapper().readTree(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(r.headers().firstValue("x-request-id")).isPresent();
        }
    }

    @Test
    void json_nested_past_the_gateways_limit_is_refused_and_the_estates_object_mapper_is_untouched() throws Exception {
        String deep = "[".repeat(100) + "]".repeat(100);
        var admin = send(HttpRequest.newBuilder(URI.create(base + "/admin/keys"))
                .header("Authorization", "Bearer estate-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"estate\",\"name\":" + deep + "}")));
        assertThat(admin.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(admin.body()).path("error").path("message").asText()).contains("nested too deeply");

        var created = send(HttpRequest.newBuilder(URI.create(base + "/admin/keys"))
                .header("Authorization", "Bearer estate-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"estate\"}")));
        String key = new ObjectMapper().readTree(created.body()).path("key").asText();
        var chat = send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"openai/gpt-4o-mini\",\"messages\":" + deep + "}")));
        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(chat.body()).path("error").path("message").asText()).contains("nested too deeply");

        // the limit is the gateway's parser's, not a change to the estate's ObjectMapper
        assertThat(estate.getBean(ObjectMapper.class).readTree(deep).size()).isEqualTo(1);
    }

    @Test
    void an_estate_route_on_an_endpoint_of_the_gateways_stops_the_start_naming_both() {
        assertThatThrownBy(() -> estate(EstateApplication.class, com.example.estate.ClashingRoute.class).close())
                .hasStackTraceContaining("direct:billing")
                .hasStackTraceContaining("route 'estate-billing'")
                .hasStackTraceContaining("billing.yaml");
    }
}
