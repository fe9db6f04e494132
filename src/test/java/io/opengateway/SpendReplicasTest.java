package io.opengateway;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayProcess;
import io.opengateway.support.PostgresDatabase;
import io.opengateway.support.RedisServer;
import io.opengateway.support.SpendAdmin;
import io.opengateway.support.TcpProxy;
import io.opengateway.support.TempDirs;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway processes on one PostgreSQL and one Redis, as two replicas: limits and budgets hold
 * over both. Gateway B reaches Redis through a proxy the test can cut (a Redis outage as B sees it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpendReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMALL = "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private static final BigDecimal ONE_ANSWER = new BigDecimal("0.0000092925");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeUpstream openai;
    private static TcpProxy redisProxy;
    private static GatewayProcess a;
    private static GatewayProcess b;
    private static String pgUrl;

    @BeforeAll
    static void twoReplicas() throws Exception {
        PostgresDatabase.assumeAvailable();
        RedisServer.assumeAvailable();
        pgUrl = PostgresDatabase.freshSchemaUrl();
        String prefix = RedisServer.freshPrefix();
        openai = new FakeUpstream();
        redisProxy = new TcpProxy(RedisServer.HOST, RedisServer.PORT);
        Path dir = TempDirs.create("spend-replicas");
        a = replica(dir.resolve("a"), RedisServer.url(), prefix);
        b = replica(dir.resolve("b"), "redis://127.0.0.1:" + redisProxy.port(), prefix);
        CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> start(a));
        start(b);
        startA.join();
    }

    private static GatewayProcess replica(Path dir, String redisUrl, String prefix) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        return new GatewayProcess(dir, openai, "--opengateway.spend.redis-url=" + redisUrl,
                "--opengateway.spend.redis-prefix=" + prefix)
                .database(pgUrl, PostgresDatabase.USER, PostgresDatabase.PASSWORD);
    }

    private static void start(GatewayProcess g) {
        try {
            g.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, redisProxy, openai}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** A fresh key (made on A) with these limits (set on B: the admin write is the database's, not a replica's). */
    private static String keyWith(String limits) throws Exception {
        HttpResponse<String> r = a.post("/admin/keys", "{\"account\": \"replicas-" + UUID.randomUUID() + "\"}",
                GatewayProcess.ADMIN_TOKEN);
        JsonNode key = JSON.readTree(r.body());
        new SpendAdmin(b.url(""), GatewayProcess.ADMIN_TOKEN).putKey(key.path("id").asText(), limits);
        return key.path("key").asText() + " " + key.path("id").asText();
    }

    @Test
    void requests_per_minute_hold_over_both_replicas_under_concurrent_load() throws Exception {
        String[] key = keyWith("{\"requests_per_minute\": 60}").split(" ");
        openai.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        long start = System.nanoTime();
        List<Integer> statuses = load(key[0], 150, 16, SMALL);
        double minutes = (System.nanoTime() - start) / 60e9;

        long ok = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).containsOnly(200, 429);
        assertThat(a.log() + b.log()).as("Redis answered every check (none served unchecked)")
                .doesNotContain("store cannot be reached");
        // the bucket starts full (60) and refills one request a second (greedy) while the load runs
        assertThat(ok).isGreaterThanOrEqualTo(60).isLessThanOrEqualTo((long) Math.floor((60 + 60 * minutes) * 1.01));
        // the key's view reads the shared bucket (Redis) from either replica
        JsonNode left = JSON.readTree(b.get("/v1/usage", key[0]).body())
                .path("limits").path("key").path("rate_limits").path("requests").path("remaining");
        assertThat(left.isNumber()).as("remaining: " + left).isTrue();
        assertThat(left.asLong()).isBetween(0L, 60L);
    }

    @Test
    void a_budget_is_not_overshot_by_requests_spread_over_both_replicas() throws Exception {
        BigDecimal budget = new BigDecimal("0.0001");
        String[] key = keyWith("{\"lifetime_usd\": \"" + budget + "\"}").split(" ");
        openai.always(FakeUpstream.delayed(Duration.ofMillis(50), FakeUpstream.json(200, fixture("openai/chat-completion.json"))));

        List<Integer> statuses = load(key[0], 40, 12, SMALL);

        long ok = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).containsOnly(200, 429);
        assertThat(ok).isPositive();
        JdbcTemplate pg = new JdbcTemplate(PostgresDatabase.dataSource(pgUrl));
        Awaitility.await("every answer's record in the ledger").atMost(Duration.ofSeconds(20))
                .until(() -> pg.queryForObject("SELECT COUNT(*) FROM billing_records WHERE key_id = ?", Long.class,
                        key[1]) == ok);
        BigDecimal spent = pg.queryForObject("SELECT SUM(total_cost_usd) FROM billing_records WHERE key_id = ?",
                BigDecimal.class, key[1]);
        assertThat(spent).isEqualByComparingTo(ONE_ANSWER.multiply(BigDecimal.valueOf(ok)));
        assertThat(spent).isLessThanOrEqualTo(budget);
    }

    @Test
    void a_stream_on_one_replica_holds_the_slot_on_the_other_until_its_client_leaves() throws Exception {
        String[] key = keyWith("{\"max_concurrent\": 1}").split(" ");
        List<String> events = new ArrayList<>(sseFixture("openai/chat-stream.sse"));
        for (int i = 0; i < 300; i++) {
            events.add(2, events.get(1)); // 300 more content events, 50 ms apart
        }
        openai.enqueue(FakeUpstream.sse(events, Duration.ofMillis(50)));
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(a.url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + key[0]).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SMALL.replace("{", "{\"stream\":true,"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        stream.body().read(new byte[64]);

        HttpResponse<String> other = b.post("/v1/chat/completions", SMALL, key[0]);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(429);
        assertThat(other.body()).contains("in flight");

        stream.body().close();
        openai.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        Awaitility.await("the slot freed once A saw its client go").atMost(Duration.ofSeconds(10))
                .until(() -> b.post("/v1/chat/completions", SMALL, key[0]).statusCode() == 200);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: the others check that no request went unchecked
    void with_redis_down_rate_limits_fail_open_budgets_fail_closed_and_limits_resume_when_it_is_back()
            throws Exception {
        String[] limited = keyWith("{\"requests_per_minute\": 3}").split(" ");
        String[] budgeted = keyWith("{\"monthly_usd\": \"5\"}").split(" ");
        openai.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        redisProxy.cut();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(b.post("/v1/chat/completions", SMALL, limited[0]).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> closed = b.post("/v1/chat/completions", SMALL, budgeted[0]);
            assertThat(closed.statusCode()).isEqualTo(503);
            assertThat(closed.body()).contains("spend_control_unavailable");
            assertThat(b.log()).contains("Spend control: the REDIS store cannot be reached");
            assertThat(a.post("/v1/chat/completions", SMALL, budgeted[0]).statusCode())
                    .as("A reaches Redis: the budget holds there").isEqualTo(200);
        } finally {
            redisProxy.restore();
        }
        Awaitility.await("B counting requests again").atMost(Duration.ofSeconds(15))
                .until(() -> b.post("/v1/chat/completions", SMALL, limited[0]).statusCode() == 429);
        assertThat(b.log()).contains("store is back");
    }

    /** {@code n} requests from {@code threads} clients, every other one to the other replica; their statuses. */
    private static List<Integer> load(String key, int n, int threads, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> f = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                GatewayProcess g = i % 2 == 0 ? a : b;
                f.add(pool.submit(() -> g.post("/v1/chat/completions", body, key).statusCode()));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> x : f) {
                out.add(x.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
