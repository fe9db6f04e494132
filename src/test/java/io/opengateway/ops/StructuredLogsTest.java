package io.opengateway.ops;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.OpenGatewayApplication;
import io.opengateway.support.FakeUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as it runs in production (its own JVM, no test logging config, root level INFO) with
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}: every line is an ECS JSON object, and no provider
 * key, admin token or gateway key is ever written, through successes, provider errors that quote
 * the key back, refused keys and failed console logins; one request line per model request with
 * its fields as JSON fields; and the gateway's meters on {@code /actuator/prometheus}.
 */
class StructuredLogsTest {

    private static final String PROVIDER_KEY = "sk-openai-log-test-9f8e7d6c5b4a";
    private static final String ADMIN_TOKEN = "admin-log-test-3c2b1a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void logs_are_ecs_json_lines_without_any_key() throws Exception {
        int port = freePort();
        int managementPort = freePort();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (FakeUpstream openai = new FakeUpstream()) {
            Running run = start(port, managementPort, openai.baseUrl() + "/v1", lines);
            Process app = run.process();
            try {
                awaitStarted(app, lines);
                String base = "http://127.0.0.1:" + port;
                HttpResponse<String> created = send(base + "/admin/keys", "Bearer " + ADMIN_TOKEN,
                        "{\"account\":\"logs\",\"name\":\"test\"}");
                assertThat(created.statusCode()).isEqualTo(201);
                String gatewayKey = JSON.readTree(created.body()).path("key").asText();

                openai.enqueue(FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                        + PROVIDER_KEY + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
                String chat = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
                assertThat(send(base + "/v1/chat/completions", "Bearer " + gatewayKey, chat).statusCode()).isEqualTo(502);
                // the env form of the provider settings (what the Helm chart sets) reached the provider
                assertThat(openai.lastRequest().headers()).containsEntry("authorization", "Bearer " + PROVIDER_KEY);
                openai.enqueue(FakeUpstream.dropConnection());
                assertThat(send(base + "/v1/chat/completions", "Bearer " + gatewayKey, chat).statusCode()).isEqualTo(502);
                assertThat(send(base + "/v1/chat/completions", "Bearer og-not-a-key-" + PROVIDER_KEY, chat).statusCode())
                        .isEqualTo(401);
                assertThat(send("http://127.0.0.1:" + managementPort + "/actuator/jolokia", "Bearer " + gatewayKey, null)
                        .statusCode()).isEqualTo(401);
                openai.enqueue(FakeUpstream.json(200, FakeUpstream.fixture("openai/chat-completion.json")));
                HttpResponse<String> served = send(base + "/v1/chat/completions", "Bearer " + gatewayKey, chat);
                assertThat(served.statusCode()).isEqualTo(200);

                // the meters as Prometheus scrapes them, with no secret in a name, tag or value
                String metrics = send("http://127.0.0.1:" + managementPort + "/actuator/prometheus", null, null).body();
                assertThat(metrics).contains(
                        "opengateway_requests_total{endpoint=\"chat\",model=\"openai/gpt-4o-mini\",outcome=\"ok\","
                                + "provider=\"openai\",status=\"2xx\",streamed=\"false\"} 1.0",
                        "opengateway_requests_total{endpoint=\"chat\",model=\"none\",outcome=\"error\",provider=\"none\","
                                + "status=\"5xx\",streamed=\"false\"} 2.0",
                        "opengateway_tokens_total{model=\"openai/gpt-4o-mini\",provider=\"openai\",type=\"input\"} 19.0",
                        "opengateway_request_latency_seconds_count{", "opengateway_billing_backlog_records ",
                        "opengateway_circuit_breaker_state{provider=\"openai\"}", "camel_exchanges_total{");
                assertThat(metrics).doesNotContain(PROVIDER_KEY, ADMIN_TOKEN, gatewayKey, "logs\"");

                stop(run);
                assertThat(lines).hasSizeGreaterThan(10);
                // one request line per model request, its fields as JSON fields
                List<JsonNode> requests = new java.util.ArrayList<>();
                for (String line : lines) {
                    JsonNode entry = JSON.readTree(line);
                    if (entry.path("log").path("logger").asText().equals("io.opengateway.requests")) {
                        requests.add(entry);
                    }
                }
                assertThat(requests).extracting(e -> e.path("status").asInt()).containsExactly(502, 502, 401, 200);
                JsonNode ok = requests.get(3);
                assertThat(ok.path("request_id").asText()).isEqualTo(served.headers().firstValue("x-request-id").orElseThrow());
                assertThat(ok.path("account").asText()).isEqualTo("logs");
                assertThat(ok.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
                assertThat(ok.path("outcome").asText()).isEqualTo("ok");
                assertThat(ok.path("prompt_tokens").asLong()).isEqualTo(19);
                assertThat(ok.path("completion_tokens").asLong()).isEqualTo(10);
                assertThat(ok.path("attempts").asInt()).isEqualTo(1);
                assertThat(ok.has("latency_ms")).isTrue();
                assertThat(ok.path("message").asText()).startsWith("request_id=" + ok.path("request_id").asText() + " ")
                        .doesNotContain("Hi");
                for (String line : lines) {
                    JsonNode entry = JSON.readTree(line);
                    assertThat(entry.has("@timestamp") && entry.path("log").has("level") && entry.has("message"))
                            .as(line).isTrue();
                    assertThat(line).doesNotContain(PROVIDER_KEY, ADMIN_TOKEN, gatewayKey,
                            gatewayKey.substring(gatewayKey.length() - 12));
                }
            } finally {
                app.destroyForcibly();
            }
        }
    }

    private record Running(Process process, Thread reader) {
    }

    private static Running start(int port, int managementPort, String openaiUrl, List<String> lines) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // the main classes and dependencies only: test resources would bring logback-test.xml
        String main = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(p -> !p.replace('\\', '/').endsWith("/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", main,
                OpenGatewayApplication.class.getName())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        env.put("SPRING_DATASOURCE_URL", "jdbc:h2:mem:logs;DB_CLOSE_DELAY=-1");
        // billing records of this in-memory database must not wait in the project's ./data for another run
        env.put("OPENGATEWAY_BILLING_SPOOL_DIR", Files.createTempDirectory("opengateway-logs-spool").toString());
        env.put("OPENGATEWAY_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("OPENGATEWAY_PROVIDERS_OPENAI_BASE_URL", openaiUrl);
        env.put("OPENGATEWAY_PROVIDERS_OPENAI_API_KEY", PROVIDER_KEY);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Running(p, reader);
    }

    private static void awaitStarted(Process app, List<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines.stream().noneMatch(l -> l.contains("Started OpenGatewayApplication"))) {
            assertThat(app.isAlive()).as("the gateway exited: %s", lines).isTrue();
            assertThat(System.nanoTime()).as("the gateway did not start: %s", lines).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void stop(Running run) throws InterruptedException {
        run.process().destroy();
        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        run.reader().join(5000); // the last lines, up to the end of the output
    }

    private static HttpResponse<String> send(String url, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
