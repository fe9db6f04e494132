package io.opengateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An OpenAI-compatible provider added the operator's way: one route file and one catalog file in a
 * routes folder of its own, and its properties — no Java. Its models then chat, stream, call
 * tools, fall back to and from the built-in providers, and are billed like them.
 */
class AddedProviderTest {

    static final FakeUpstream ACME = new FakeUpstream();
    static final FakeUpstream OPENAI = new FakeUpstream();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Path routes;
    static ConfigurableApplicationContext gateway;
    static String base;
    static String key;

    static final String ROUTE_FILE = """
            - templatedRoute:
                routeTemplateRef: provider
                routeId: provider-acme
                parameters:
                  - { name: name, value: acme }
                  - { name: dialect, value: openai }
            """;

    /** The standalone gateway; settings as command-line arguments, so they rank above opengateway.yaml. */
    static ConfigurableApplicationContext run(Path routeDir, String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "spring.config.name=" + OpenGatewayApplication.CONFIG_NAME,
                "server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
                "spring.datasource.url=jdbc:h2:mem:acme-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "opengateway.billing.spool-dir=" + Files.createTempDirectory("acme-spool"),
                "opengateway.admin-token=acme-admin",
                "opengateway.routes=file:routes/*.yaml,file:" + routeDir + "/*.yaml",
                "opengateway.catalog=file:routes/catalog/*.yaml,file:" + routeDir + "/catalog/*.yaml",
                "opengateway.providers.openai.base-url=" + OPENAI.baseUrl() + "/v1",
                "opengateway.providers.openai.api-key=sk-openai-acme-test-0123",
                // several gateways in one JVM: their JMX names must differ
                "spring.jmx.unique-names=true", "camel.main.name=acme-" + UUID.randomUUID()));
        args.addAll(java.util.List.of(extra));
        return new SpringApplicationBuilder(OpenGatewayApplication.class)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new));
    }

    @BeforeAll
    static void start() throws Exception {
        routes = Files.createTempDirectory("routes");
        Files.writeString(routes.resolve("provider-acme.yaml"), ROUTE_FILE);
        Files.createDirectories(routes.resolve("catalog"));
        Files.writeString(routes.resolve("catalog/acme.yaml"), "models:\n  - { id: acme/fast-1, context_window: 32768, "
                + "pricing: { input_per_mtok: \"0.20\", output_per_mtok: \"0.60\" } }\n"
                + "  - { id: acme/keyless-1, context_window: 32768, pricing: { input_per_mtok: \"0\", output_per_mtok: \"0\" } }\n");
        gateway = run(routes, "opengateway.providers.acme.base-url=" + ACME.baseUrl() + "/v1",
                "opengateway.providers.acme.api-key=sk-acme-test-0123456789");
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        HttpResponse<String> created = send("/admin/keys", "acme-admin", "{\"account\":\"acme-customer\"}");
        key = JSON.readTree(created.body()).path("key").asText();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        ACME.close();
        OPENAI.close();
    }

    static HttpResponse<String> send(String path, String bearer, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> chat(String body) throws Exception {
        return send("/v1/chat/completions", key, body);
    }

    @Test
    void its_models_chat_and_are_billed_at_its_catalog_prices() throws Exception {
        ACME.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = chat("{\"model\":\"acme/fast-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("model").asText()).isEqualTo("acme/fast-1");
        assertThat(ACME.lastRequest().headers().get("authorization")).isEqualTo("Bearer sk-acme-test-0123456789");
        assertThat(JSON.readTree(ACME.lastRequest().body()).path("model").asText()).isEqualTo("fast-1");
        BillingRecord rec = awaitRecord(gateway.getBean(UsageQueries.class), requestId(r));
        assertThat(rec.event().provider()).isEqualTo("acme");
        // 19 prompt tokens at 0.20 + 10 completion tokens at 0.60 per million
        assertThat(rec.cost().providerCost()).isEqualByComparingTo("0.0000098");
    }

    @Test
    void its_models_stream_and_call_tools() throws Exception {
        ACME.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));
        var streamed = chat("{\"model\":\"acme/fast-1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("\"content\":\"Hello\"").endsWith("data: [DONE]\n\n");

        ACME.enqueue(FakeUpstream.json(200, fixture("openai/chat-tool-call.json")));
        var tool = chat("{\"model\":\"acme/fast-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]}");
        JsonNode call = JSON.readTree(tool.body()).path("choices").get(0);
        assertThat(call.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(call.path("message").path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(ACME.lastRequest().body()).path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void it_falls_back_to_and_from_the_built_in_providers() throws Exception {
        ACME.enqueue(FakeUpstream.json(503, fixture("openai/error-500.json")));
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var toOpenAi = chat("{\"model\":\"acme/fast-1\",\"models\":[\"openai/gpt-4o-mini\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(toOpenAi.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o-mini");
        BillingRecord rec = awaitRecord(gateway.getBean(UsageQueries.class), requestId(toOpenAi));
        assertThat(rec.event().servedModel()).isEqualTo("openai/gpt-4o-mini");
        assertThat(rec.event().attempts()).isEqualTo(2);

        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));
        ACME.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var toAcme = chat("{\"model\":\"openai/gpt-4o-mini\",\"models\":[\"acme/fast-1\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(toAcme.headers().firstValue("x-opengateway-model")).hasValue("acme/fast-1");
    }

    @Test
    void a_provider_without_a_key_fails_at_request_time_with_a_clear_error() throws Exception {
        Path dir = Files.createTempDirectory("routes-nokey");
        Files.writeString(dir.resolve("provider-acme.yaml"), ROUTE_FILE);
        Files.createDirectories(dir.resolve("catalog"));
        Files.copy(routes.resolve("catalog/acme.yaml"), dir.resolve("catalog/acme.yaml"));
        try (ConfigurableApplicationContext noKey = run(dir, "opengateway.providers.acme.base-url=" + ACME.baseUrl() + "/v1")) {
            String b = "http://127.0.0.1:" + ((WebServerApplicationContext) noKey).getWebServer().getPort();
            String k = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(b + "/admin/keys"))
                    .header("Authorization", "Bearer acme-admin").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("key").asText();
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(b + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + k).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"acme/fast-1\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(502);
            JsonNode error = JSON.readTree(r.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("provider_not_configured");
            assertThat(error.path("message").asText()).contains("opengateway.providers.acme.api-key");
        }
    }

    @Test
    void a_broken_route_file_or_a_missing_base_url_stops_the_start_naming_the_file() throws Exception {
        Path broken = Files.createTempDirectory("routes-broken");
        Files.writeString(broken.resolve("provider-acme.yaml"), "- templatedRoute:\n    routeTemplateRef: provider\n   routeId: [\n");
        // one message names the file and says where in it the YAML breaks
        assertThatThrownBy(() -> run(broken)).satisfies(e -> assertThat(startupError(e, "Cannot load the gateway's route files"))
                .contains("provider-acme.yaml").containsPattern("line \\d+"));

        Path noUrl = Files.createTempDirectory("routes-nourl");
        Files.writeString(noUrl.resolve("provider-acme.yaml"), ROUTE_FILE);
        assertThatThrownBy(() -> run(noUrl)).hasStackTraceContaining("provider-acme.yaml")
                .hasStackTraceContaining("opengateway.providers.acme.base-url");
    }

    @Test
    void a_route_id_the_gateway_would_not_find_or_a_name_the_environment_cannot_set_stops_the_start() throws Exception {
        Path wrongId = Files.createTempDirectory("routes-wrongid");
        Files.writeString(wrongId.resolve("provider-acme.yaml"), ROUTE_FILE.replace("routeId: provider-acme", "routeId: acme"));
        assertThatThrownBy(() -> run(wrongId, "opengateway.providers.acme.base-url=" + ACME.baseUrl() + "/v1"))
                .satisfies(e -> assertThat(startupError(e, "Route file")).contains("provider-acme.yaml")
                        .contains("'routeId'").contains("'provider-acme'"));

        Path dashed = Files.createTempDirectory("routes-dashed");
        Files.writeString(dashed.resolve("provider-together-ai.yaml"), ROUTE_FILE.replace("acme", "together-ai"));
        assertThatThrownBy(() -> run(dashed, "opengateway.providers.together-ai.base-url=" + ACME.baseUrl() + "/v1"))
                .satisfies(e -> assertThat(startupError(e, "Route file")).contains("provider-together-ai.yaml")
                        .contains("'name'").contains("lower-case letters and digits"));
    }

    /** The message of the first exception in {@code e}'s causes that starts with {@code prefix}. */
    private static String startupError(Throwable e, String prefix) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no cause starts with '" + prefix + "'", e);
    }
}
