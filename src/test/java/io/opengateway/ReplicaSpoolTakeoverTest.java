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
 * What the Helm chart's spool modes rely on: two gateway processes on one PostgreSQL; replica A
 * loses the database (a TCP proxy cut in front of it), answers requests whose records wait in its
 * folder, and is killed with SIGKILL. Its folder is then taken over as the chart would: on a shared
 * volume (persistence.mode=sharedClaim) by replica B, which left it alone while A lived; on a volume
 * of its own (claimPerPod) by A started again on it. Either way every record is in the database
 * exactly once (one of them was there already: a replay).
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

    /** What the replicas left: the schema, A's folder, the record stored before the outage and A's N records of it. */
    private record Left(String schema, Path spoolA, String stored, List<String> ids) {
    }

    @Test
    void a_sibling_writes_the_spool_of_a_killed_replica_to_the_database_exactly_once() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("billing-spool")); // persistence.mode=sharedClaim
        Left left = killReplicaWithRecordsInItsSpool(volume.resolve("og-opengateway-7d9f-a"),
                volume.resolve("og-opengateway-7d9f-b"), true);

        long killedAt = System.nanoTime();
        Awaitility.await("B takes over A's folder").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count(left.schema(), left.ids()) == N);
        long takenMs = (System.nanoTime() - killedAt) / 1_000_000;

        assertEachOnce(left);
        Awaitility.await("A's emptied folder removed").atMost(Duration.ofSeconds(5))
                .until(() -> !Files.exists(left.spoolA()));
        assertThat(sibling.log()).contains("og-opengateway-7d9f-a of a gateway that is gone taken over: " + (N + 1)
                + " record(s), " + N + " new to the database");
        LOG.info("Spool takeover: {} records of a killed replica in the database {} ms after the SIGKILL", N, takenMs);
    }

    @Test
    void a_replica_restarted_under_its_name_on_its_own_volume_writes_its_spool_exactly_once() throws Exception {
        // persistence.mode=claimPerPod: each pod its own volume; a sibling never sees A's folder, so none runs here
        Left left = killReplicaWithRecordsInItsSpool(dir.resolve("data-og-opengateway-0").resolve("billing-spool"),
                null, false);
        assertThat(count(left.schema(), left.ids())).isZero();

        // the StatefulSet starts og-opengateway-0 again on its claim; the database answers it now
        gateway = replica("a-again", left.spoolA(), false)
                .database(left.schema(), PostgresDatabase.USER, PostgresDatabase.PASSWORD).start();
        Awaitility.await("A writes its spool at start-up").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> count(left.schema(), left.ids()) == N);

        assertEachOnce(left);
    }

    /**
     * Replica A (through a proxy) and, with {@code spoolB}, B (direct) on one fresh PostgreSQL
     * schema; A loses the database, answers {@link #N} requests whose records wait in its folder,
     * and is killed.
     */
    private Left killReplicaWithRecordsInItsSpool(Path spoolA, Path spoolB, boolean takeover) throws Exception {
        String schema = PostgresDatabase.freshSchemaUrl();
        String[] server = PostgresDatabase.hostAndPort();
        proxy = new TcpProxy(server[0], Integer.parseInt(server[1]));
        openai.always(ex -> FakeUpstream.json(200, fixture("openai/chat-completion.json")).respond(ex));

        gateway = replica("a", spoolA, takeover).database(PostgresDatabase.viaPort(schema, proxy.port()),
                PostgresDatabase.USER, PostgresDatabase.PASSWORD).start();
        if (spoolB != null) {
            sibling = replica("b", spoolB, takeover).database(schema, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .start();
        }
        String key = createKey("replicas", "default").path("key").asText();
        // A checks the key once while the database answers, so it keeps serving it during the outage
        String stored = requestId(assertOk(gateway.post("/v1/chat/completions", CHAT, key)));
        Awaitility.await("the first record in the database").atMost(Duration.ofSeconds(20))
                .until(() -> count(schema, List.of(stored)) == 1);

        proxy.cut();
        List<String> ids = sendAtOnce(key);
        Awaitility.await("A's records journaled in its folder").atMost(Duration.ofSeconds(20))
                .until(() -> journaledIds(spoolA).containsAll(ids));
        assertThat(journaledIds(spoolA)).as("A's folder holds the stored one too: its drain replays it").contains(stored);
        assertThat(count(schema, ids)).as("nothing of the outage reached the database; a sibling left A's folder alone")
                .isZero();
        gateway.kill();
        return new Left(schema, spoolA, stored, ids);
    }

    /** Every record of A in the database exactly once, and nothing else. */
    private static void assertEachOnce(Left left) {
        JdbcTemplate db = new JdbcTemplate(PostgresDatabase.dataSource(left.schema()));
        assertThat(db.queryForList("SELECT request_id FROM billing_records GROUP BY request_id HAVING COUNT(*) > 1",
                String.class)).as("no record twice").isEmpty();
        Set<String> all = new HashSet<>(left.ids());
        all.add(left.stored());
        assertThat(new HashSet<>(db.queryForList("SELECT request_id FROM billing_records", String.class)))
                .isEqualTo(all);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM billing_records", Long.class)).isEqualTo(N + 1);
    }

    /** A replica with its own data folder and the spool folder given; with takeover, a look every 300 ms. */
    private GatewayProcess replica(String name, Path spool, boolean takeover) throws Exception {
        return new GatewayProcess(Files.createDirectories(dir.resolve(name)), openai,
                "--opengateway.billing.takeover=" + takeover, "--opengateway.billing.takeover-interval=300ms",
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
