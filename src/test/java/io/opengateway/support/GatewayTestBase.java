package io.opengateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.opengateway.OpenGatewayApplication;
import io.opengateway.auth.ApiKeyStore;

/**
 * The gateway on a random port with the real route files, and one fake provider per built-in
 * provider over real HTTP. All end-to-end test classes share this one application context.
 * Camel JMX stays on, as in production: Hawtio reads the routes through it.
 */
@CamelSpringBootTest
@DisableJmx(false)
@SpringBootTest(classes = OpenGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + OpenGatewayApplication.CONFIG_NAME)
@Import(PinnedClock.Config.class)
public abstract class GatewayTestBase {

    public static final FakeUpstream OPENAI = new FakeUpstream().follows(ProviderRules.openAi());
    public static final FakeUpstream ANTHROPIC = new FakeUpstream().follows(ProviderRules.anthropic());
    public static final FakeUpstream GOOGLE = new FakeUpstream().follows(ProviderRules.gemini());
    /** A test-only provider (test-routes/, test-catalog/) whose circuit breaker trips quickly. */
    public static final FakeUpstream FLAKY = new FakeUpstream();
    /** The test-only providers "steady" and "outage", whose circuit breakers trip on the default settings. */
    public static final FakeUpstream BREAKER_DEFAULTS = new FakeUpstream();
    /** A port nothing listens on: connecting to the test-only "deadend*" providers is refused. */
    public static final int CLOSED_PORT = closedPort();
    /** Resets every connection of the test-only "reset*" providers after reading its request. */
    public static final RawUpstream RESETTER = new RawUpstream(RawUpstream.RESET);
    /** The socket-level provider of the test-only "cut*" providers: each test says how it answers. */
    public static final RawUpstream CUTTER = new RawUpstream(RawUpstream.RESET);
    /** Never completes a connection of the test-only "blackhole*" providers. */
    public static final Blackhole BLACKHOLE = new Blackhole();

    public static final String ADMIN_TOKEN = "test-admin-token-5f1c";
    public static final String OPENAI_KEY = "sk-openai-test-key-0123456789";
    public static final String ANTHROPIC_KEY = "sk-ant-test-key-0123456789";
    public static final String GOOGLE_KEY = "AIza-google-test-key-0123456789";

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The billing journal of the shared context: a folder of its own, never the project's ./data. */
    protected static final Path SPOOL = TempDirs.create("opengateway-spool");

    /** One key per application context (each has its own database), made once for the whole run. */
    private static final Map<ApiKeyStore, String> GATEWAY_KEYS = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ApiKeyStore keys;

    /** The gateway's clock: pin it to serve a request at a given instant; it is released after each test. */
    @Autowired
    protected PinnedClock clock;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry r) {
        r.add("opengateway.providers.openai.base-url", () -> OPENAI.baseUrl() + "/v1");
        r.add("opengateway.providers.openai.api-key", () -> OPENAI_KEY);
        r.add("opengateway.providers.anthropic.base-url", ANTHROPIC::baseUrl);
        r.add("opengateway.providers.anthropic.api-key", () -> ANTHROPIC_KEY);
        r.add("opengateway.providers.google.base-url", GOOGLE::baseUrl);
        r.add("opengateway.providers.google.api-key", () -> GOOGLE_KEY);
        r.add("opengateway.providers.flaky.base-url", () -> FLAKY.baseUrl() + "/v1");
        r.add("opengateway.providers.flaky.api-key", () -> "sk-flaky-test-key-0123456789");
        FaultProviders.register(r, CLOSED_PORT, RESETTER.port(), BLACKHOLE.port(), CUTTER.port());
        for (String p : new String[] {"openai", "anthropic", "google", "flaky"}) {
            r.add("opengateway.providers." + p + ".read-timeout", () -> "3s");
            r.add("opengateway.providers." + p + ".connect-timeout", () -> "2s");
            // the shared providers' breakers must not trip on the failures other tests provoke
            r.add("opengateway.providers." + p + ".circuit-breaker.minimum-calls", () -> p.equals("flaky") ? "3" : "100000");
        }
        r.add("opengateway.providers.flaky.circuit-breaker.open-for", () -> "1s");
        for (String p : new String[] {"steady", "outage"}) {
            r.add("opengateway.providers." + p + ".base-url", () -> BREAKER_DEFAULTS.baseUrl() + "/v1");
            r.add("opengateway.providers." + p + ".api-key", () -> "sk-" + p + "-test-key-0123456789");
        }
        // once open, it stays open for the rest of the run, however slow the machine
        r.add("opengateway.providers.outage.circuit-breaker.open-for", () -> "1h");
        r.add("opengateway.routes", () -> "file:routes/*.yaml,classpath:test-routes/*.yaml");
        r.add("opengateway.catalog", () -> "file:routes/catalog/*.yaml,classpath*:test-catalog/*.yaml");
        r.add("opengateway.admin-token", () -> ADMIN_TOKEN);
        // a subclass that needs another database or spool sets the opengateway.test.* keys (a second
        // registration of the same key would race this one)
        r.add("spring.datasource.url", () -> "${opengateway.test.datasource-url:jdbc:h2:mem:gateway;DB_CLOSE_DELAY=-1}");
        r.add("opengateway.billing.spool-dir", () -> "${opengateway.test.spool-dir:" + SPOOL + "}");
        r.add("management.server.port", () -> "0");
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @BeforeEach
    void resetFakes() {
        OPENAI.reset();
        ANTHROPIC.reset();
        GOOGLE.reset();
        FLAKY.reset();
        BREAKER_DEFAULTS.reset();
        RESETTER.reset();
        CUTTER.reset();
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A live gateway key of this context's database, made once for the whole run. */
    protected String gatewayKey() {
        return GATEWAY_KEYS.computeIfAbsent(keys, k -> k.create("test-account", "e2e").secret());
    }

    /** The official OpenAI Java SDK pointed at the gateway. */
    protected OpenAIClient client() {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl() + "/v1")
                .apiKey(gatewayKey())
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    protected HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, gatewayKey());
    }

    protected HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    /** A minimal chat body for a model and its fallbacks, streamed or not. */
    protected static String chat(boolean stream, String model, String... fallbacks) {
        StringBuilder models = new StringBuilder();
        for (String f : fallbacks) {
            models.append(models.length() == 0 ? "" : ",").append('"').append(f).append('"');
        }
        return "{\"model\":\"" + model + "\",\"models\":[" + models + "],\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    /** A minimal valid chat body for a model. */
    protected static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }
}
