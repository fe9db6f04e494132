package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.opengateway.billing.BillingJournal;
import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.BillingStore;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.PostgresDatabase;
import io.opengateway.support.TcpProxy;
import io.opengateway.support.TempDirs;

import static io.opengateway.support.BillingAssertions.assertMoney;
import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.journaledIds;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a real PostgreSQL server, reached through a TCP proxy the test can cut: records
 * land exactly once, and during a database outage the gateway keeps answering known keys and loses
 * no record (they wait on disk and arrive, in journal order, when the database is back).
 */
class BillingPostgresTest extends GatewayTestBase {

    private static final Logger LOG = LoggerFactory.getLogger(BillingPostgresTest.class);
    private static final String[] SERVER = PostgresDatabase.hostAndPort();
    private static final TcpProxy PROXY = new TcpProxy(SERVER[0], Integer.parseInt(SERVER[1]));
    private static String schemaUrl;

    @Autowired
    UsageQueries queries;

    @Autowired
    BillingJournal journal;

    @Autowired
    BillingStore store;

    @BeforeAll
    static void needsPostgres() {
        PostgresDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void postgresThroughTheProxy(DynamicPropertyRegistry r) {
        r.add("opengateway.test.datasource-url", () -> PostgresDatabase.viaPort(schema(), PROXY.port()));
        r.add("opengateway.test.spool-dir", () -> TempDirs.create("opengateway-pg-spool").toString());
        r.add("spring.datasource.username", () -> PostgresDatabase.USER);
        r.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
        // fail fast while the database is cut, instead of waiting 30 s for a connection
        r.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        r.add("spring.datasource.hikari.validation-timeout", () -> "500");
    }

    private static synchronized String schema() {
        if (schemaUrl == null) {
            schemaUrl = PostgresDatabase.available() ? PostgresDatabase.freshSchemaUrl() : "jdbc:postgresql://none/none";
        }
        return schemaUrl;
    }

    /** The server itself, not through the proxy: what is really stored. */
    private static JdbcTemplate direct() {
        DataSource ds = PostgresDatabase.dataSource(schema());
        return new JdbcTemplate(ds);
    }

    @AfterEach
    void databaseBack() {
        PROXY.restore();
    }

    @Test
    void a_record_is_stored_in_postgresql_exactly_once_even_when_written_again() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        var r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"));

        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertMoney(rec, "0.00000885", "0.0000004425", "0.0000092925");
        assertThat(direct().queryForObject("SELECT total_cost_usd FROM billing_records WHERE request_id = ?",
                java.math.BigDecimal.class, rec.requestId())).isEqualByComparingTo("0.0000092925");

        assertThat(store.insert(List.of(rec, rec))).as("a replay of a stored record").isZero();
        assertThat(direct().queryForObject("SELECT COUNT(*) FROM billing_records WHERE request_id = ?", Long.class,
                rec.requestId())).isEqualTo(1);
    }

    @Test
    void the_usage_endpoints_page_and_filter_by_time_on_postgresql() throws Exception {
        String key = keys.create("pg-usage", "pg").secret();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
            ids.add(requestId(post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key)));
        }
        ids.forEach(id -> awaitRecord(queries, id));

        var first = json(get("/v1/usage?limit=2", key).body());
        assertThat(first.path("data")).hasSize(2);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        var rest = json(get("/v1/usage?limit=2&after=" + first.path("data").get(1).path("request_id").asText(), key).body());
        assertThat(rest.path("data").get(0).path("request_id").asText()).isEqualTo(ids.get(0));
        assertThat(rest.path("totals").path("total_cost_usd").asText()).isEqualTo("0.0000278775");

        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        var inRange = json(get("/admin/usage?account=pg-usage&from=" + today + "&to=" + today, ADMIN_TOKEN).body());
        assertThat(inRange.path("totals").path("requests").asLong()).isEqualTo(3);
        var before = json(get("/admin/usage?account=pg-usage&to=2020-01-01", ADMIN_TOKEN).body());
        assertThat(before.path("totals").path("requests").asLong()).isZero();
    }

    @Test
    void requests_during_a_database_outage_are_answered_and_recorded_once_in_journal_order_when_it_is_back()
            throws Exception {
        int n = 100;
        OPENAI.always(ex -> FakeUpstream.json(200, fixture("openai/chat-completion.json")).respond(ex));
        String key = gatewayKey();
        // the key is checked once while the database answers, so this gateway knows it is live
        assertThat(post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key).statusCode()).isEqualTo(200);
        String neverChecked = keys.create("pg-outage", "never-used").secret();
        Awaitility.await("an empty backlog before the outage").atMost(Duration.ofSeconds(10))
                .until(() -> journal.backlog() == 0);
        int upstreamBefore = OPENAI.requests().size();

        PROXY.cut();
        long cutAt = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o-mini"))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> ids = new ArrayList<>();
        for (var call : calls) {
            HttpResponse<String> r = call.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ids.add(requestId(r));
        }
        long answeredMs = (System.nanoTime() - cutAt) / 1_000_000;

        // a key this gateway never checked: it cannot tell whether it is live, so it says so
        HttpResponse<String> refused = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), neverChecked);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        var error = json(refused.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("code").asText()).isEqualTo("key_check_unavailable");
        assertThat(error.path("message").asText()).contains("database is unreachable");
        assertThat(error.has("param")).isTrue();
        assertThat(OPENAI.requests()).as("the refused request reached no provider").hasSize(upstreamBefore + n);

        Awaitility.await("all journaled").atMost(Duration.ofSeconds(10)).until(() -> journal.backlog() >= n);
        assertThat(countOf(ids)).as("nothing reached the database during the outage").isZero();
        List<String> journalOrder = journaled(ids);
        assertThat(journalOrder).containsExactlyInAnyOrderElementsOf(ids);

        PROXY.restore();
        long restoredAt = System.nanoTime();
        Awaitility.await("all written after the outage").atMost(Duration.ofSeconds(60))
                .until(() -> countOf(ids) == n);
        long writtenMs = (System.nanoTime() - restoredAt) / 1_000_000;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlog() == 0);
        assertThat(direct().queryForList("SELECT request_id FROM billing_records GROUP BY request_id HAVING COUNT(*) > 1"))
                .isEmpty();
        assertThat(storedOrder(ids)).as("the database received them in journal order").isEqualTo(journalOrder);
        assertThat(journal.maxBacklog()).as("the disk held every record of the outage").isGreaterThanOrEqualTo(n);
        LOG.info("Outage test: {} requests sent and answered while PostgreSQL was cut ({} ms); the largest backlog "
                + "on disk was {} records; all in the database {} ms after it was back", n, answeredMs,
                journal.maxBacklog(), writtenMs);
    }

    /** The journal's own order of these requests' records. */
    private List<String> journaled(List<String> ids) throws Exception {
        Set<String> wanted = new HashSet<>(ids);
        return journaledIds(journal.dir()).stream().filter(wanted::contains).toList();
    }

    /**
     * The order PostgreSQL received these records: by inserting transaction, then by position in
     * the table (a fresh, insert-only table fills its pages in insert order).
     */
    private static List<String> storedOrder(List<String> ids) {
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return direct().queryForList("SELECT request_id FROM billing_records WHERE request_id IN (" + in + ") "
                + "ORDER BY xmin::text::bigint, ctid", String.class, ids.toArray());
    }

    private static long countOf(List<String> ids) {
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Long c = direct().queryForObject("SELECT COUNT(*) FROM billing_records WHERE request_id IN (" + in + ")",
                Long.class, ids.toArray());
        return c == null ? 0 : c;
    }
}
