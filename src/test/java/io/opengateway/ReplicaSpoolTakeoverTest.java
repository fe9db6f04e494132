package io.opengateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayProcess;
import io.opengateway.support.GatewayProcessTestBase;
import io.opengateway.support.PostgresDatabase;
import io.opengateway.support.TcpProxy;

import static io.opengateway.support.BillingAssertions.journaledIds;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Helm chart's shared spool volume relies on (persistence.mode=sharedClaim): two gateway
 * processes on one PostgreSQL, each with its folder on one volume and takeover on. Replica A loses
 * the database (a TCP proxy cut in front of it), answers requests whose records wait in its folder,
 * and is killed with SIGKILL; replica B, which left the folder alone while A lived, takes it over
 * and writes every record to the database exactly once (one of them was there already: a replay).
 */
class ReplicaSpoolTakeoverTest extends GatewayProcessTestBase {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSpoolTakeoverTest.class);
    private static final String CHAT = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final int N = 30;

    private TcpProxy proxy;
    private GatewayProcess sibling;

    @BeforeAll
    static void needsPostgres() {
        PostgresDatabase.assumeAvailable();
    }

    @AfterEach
    void stopSibling() throws Exception {
        if (sibling != null) {
            sibling.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void a_sibling_writes_the_spool_of_a_killed_replica_to_the_database_exactly_once() throws Exception {
        String schema = PostgresDatabase.freshSchemaUrl();
        String[] server = PostgresDatabase.hostAndPort();
        proxy = new TcpProxy(server[0], Integer.parseInt(server[1]));
        Path spools = Files.createDirectories(dir.resolve("billing-spool")); // the shared volume
        Path spoolA = spools.resolve("og-opengateway-7d9f-a");
        openai.always(ex -> FakeUpstream.json(200, fixture("openai/chat-completion.json")).respond(ex));

        gateway = replica("a", spoolA).database(PostgresDatabase.viaPort(schema, proxy.port()), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD).start();
        sibling = replica("b", spools.resolve("og-opengateway-7d9f-b"))
                .database(schema, PostgresDatabase.USER, PostgresDatabase.PASSWORD).start();
        String key = createKey("replicas", "default").path("key").asText();
        // A checks the key once while the database answers, so it keeps serving it during the outage
        String stored = requestId(assertOk(gateway.post("/v1/chat/completions", CHAT, key)));
        Awaitility.await("the first record in the database").atMost(Duration.ofSeconds(20))
                .until(() -> count(schema, List.of(stored)) == 1);

        proxy.cut();
        List<String> ids = sendAtOnce(key);
        Awaitility.await("A's records journaled in its folder").atMost(Duration.ofSeconds(20))
                .until(() -> journaledIds(spoolA).containsAll(ids));
        assertThat(journaledIds(spoolA)).as("A's folder holds the stored one too: B's drain replays it").contains(stored);
        assertThat(count(schema, ids)).as("nothing of the outage reached the database; B left A's folder alone")
                .isZero();
        assertThat(spoolA).isDirectory();

        gateway.kill();
        long killedAt = System.nanoTime();
        Awaitility.await("B takes over A's folder").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count(schema, ids) == N);
        long takenMs = (System.nanoTime() - killedAt) / 1_000_000;

        JdbcTemplate db = new JdbcTemplate(PostgresDatabase.dataSource(schema));
        assertThat(db.queryForList("SELECT request_id FROM billing_records GROUP BY request_id HAVING COUNT(*) > 1",
                String.class)).as("no record twice").isEmpty();
        Set<String> all = new HashSet<>(ids);
        all.add(stored);
        assertThat(new HashSet<>(db.queryForList("SELECT request_id FROM billing_records", String.class)))
                .isEqualTo(all);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM billing_records", Long.class)).isEqualTo(N + 1);
        Awaitility.await("A's emptied folder removed").atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(spoolA));
        assertThat(sibling.log()).contains("og-opengateway-7d9f-a of a gateway that is gone taken over: " + (N + 1)
                + " record(s), " + N + " new to the database");
        LOG.info("Spool takeover: {} records of a killed replica in the database {} ms after the SIGKILL", N, takenMs);
    }

    /** A replica with its own data folder and its spool folder on the shared volume, takeover every 300 ms. */
    private GatewayProcess replica(String name, Path spool) throws Exception {
        return new GatewayProcess(Files.createDirectories(dir.resolve(name)), openai,
                "--opengateway.billing.takeover=true", "--opengateway.billing.takeover-interval=300ms",
                // while its database is cut, a request waits this long for a connection before the key fallback
                "--spring.datasource.hikari.connection-timeout=500").spool(spool);
    }

    /** {@link #N} requests to A at once (each waits for a database connection in vain first). */
    private List<String> sendAtOnce(String key) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> ids = new ArrayList<>();
        for (var call : calls) {
            ids.add(requestId(assertOk(call.get(60, TimeUnit.SECONDS))));
        }
        return ids;
    }

    private static HttpResponse<String> assertOk(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static long count(String schema, List<String> ids) {
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Long c = new JdbcTemplate(PostgresDatabase.dataSource(schema)).queryForObject(
                "SELECT COUNT(*) FROM billing_records WHERE request_id IN (" + in + ")", Long.class, ids.toArray());
        return c == null ? 0 : c;
    }
}
