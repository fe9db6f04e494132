package io.opengateway;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.auth.ApiKeyStore;
import io.opengateway.billing.UsageQueries;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.SpendAdmin;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Budgets per key and account, checked before the call against the ledger and what is in flight. */
class SpendBudgetsTest extends GatewayTestBase {

    /** gpt-4o-mini answering the chat-completion fixture: 19 prompt and 10 completion tokens, with the 5 % fee. */
    private static final BigDecimal ONE_ANSWER = new BigDecimal("0.0000092925");
    private static final String SMALL = "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @Autowired
    UsageQueries queries;
    @Autowired
    GatewayDatabase db;

    private SpendAdmin admin;
    private String account;
    private ApiKeyStore.Created key;

    @BeforeEach
    void aFreshKey() {
        admin = new SpendAdmin(baseUrl(), ADMIN_TOKEN);
        account = "budget-" + UUID.randomUUID();
        key = keys.create(account, "budget-test");
    }

    private HttpResponse<String> small() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        return post("/v1/chat/completions", SMALL, key.secret());
    }

    @Test
    void a_request_whose_worst_case_does_not_fit_is_refused_before_any_call() throws Exception {
        admin.putKey(key.key().id(), "{\"monthly_usd\": \"0.00001\"}");

        // no max_tokens: the worst case is gpt-4o-mini's whole output limit (16384 tokens, about $0.01)
        HttpResponse<String> r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());

        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
        LocalDate nextMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        assertThat(error.path("message").asText()).contains("monthly budget", "key " + key.key().id(), "$0.00001",
                "resets at " + nextMonth + "T00:00:00Z");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive().isLessThanOrEqualTo(31L * 86400);
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void requests_one_after_another_spend_up_to_the_budget_and_never_past_it() throws Exception {
        admin.putAccount(account, "{\"daily_usd\": \"0.00004\"}");

        List<String> served = new ArrayList<>();
        HttpResponse<String> r;
        while ((r = small()).statusCode() == 200) {
            served.add(requestId(r));
            assertThat(served).hasSizeLessThan(10);
        }

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(json(r.body()).path("error").path("message").asText()).contains("daily budget", "account " + account);
        assertThat(served).as("each answer costs $0.0000093 and reserves about $0.00002 first").hasSizeBetween(2, 4);
        served.forEach(id -> awaitRecord(queries, id));
        BigDecimal spent = ONE_ANSWER.multiply(BigDecimal.valueOf(served.size()));
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.00004"));
        JsonNode view = json(admin.send("GET", "/admin/accounts/" + account + "/limits", null).body());
        JsonNode daily = view.path("budgets").get(0);
        assertThat(daily.path("period").asText()).isEqualTo("daily");
        assertThat(new BigDecimal(daily.path("spent_usd").asText())).isEqualByComparingTo(spent);
        assertThat(new BigDecimal(daily.path("remaining_usd").asText()))
                .isEqualByComparingTo(new BigDecimal("0.00004").subtract(spent));
    }

    @Test
    void concurrent_requests_never_overshoot_a_budget_their_reservations_cover() throws Exception {
        BigDecimal budget = new BigDecimal("0.0001");
        admin.putKey(key.key().id(), "{\"lifetime_usd\": \"" + budget + "\"}");
        OPENAI.always(FakeUpstream.delayed(java.time.Duration.ofMillis(100),
                FakeUpstream.json(200, fixture("openai/chat-completion.json"))));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> post("/v1/chat/completions", SMALL,
                        key.secret())));
            }
            int ok = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
                if (r.statusCode() == 200) {
                    ok++;
                    awaitRecord(queries, requestId(r));
                }
            }
            assertThat(ok).isPositive();
            BigDecimal spent = new JdbcTemplate(db.dataSource()).queryForObject(
                    "SELECT COALESCE(SUM(total_cost_usd), 0) FROM billing_records WHERE key_id = ?", BigDecimal.class,
                    key.key().id());
            assertThat(spent).isEqualByComparingTo(ONE_ANSWER.multiply(BigDecimal.valueOf(ok)));
            assertThat(spent).as("in flight at most what the reservations cover").isLessThanOrEqualTo(budget);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_key_sees_its_limits_budgets_and_resets_beside_its_usage() throws Exception {
        admin.putKey(key.key().id(), "{\"requests_per_minute\": 100, \"monthly_usd\": \"5\", \"max_concurrent\": 4}");
        String id = requestId(small());
        awaitRecord(queries, id);

        JsonNode usage = json(get("/v1/usage", key.secret()).body());

        JsonNode limits = usage.path("limits").path("key");
        assertThat(limits.path("requests_per_minute").asInt()).isEqualTo(100);
        assertThat(limits.path("max_concurrent").asInt()).isEqualTo(4);
        assertThat(limits.path("rate_limits").path("requests").path("remaining").asLong()).isEqualTo(99);
        JsonNode monthly = limits.path("budgets").get(0);
        assertThat(monthly.path("limit_usd").asText()).isEqualTo("5");
        assertThat(monthly.path("spent_usd").asText()).isEqualTo(ONE_ANSWER.toPlainString());
        assertThat(monthly.path("resets_at").asLong()).isEqualTo(LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1)
                .plusMonths(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
        assertThat(usage.path("limits").path("account").path("budgets")).isEmpty();
        assertThat(usage.path("totals").path("requests").asInt()).isEqualTo(1);
    }

    @Test
    void admin_sets_changes_and_removes_limits_and_refuses_what_it_cannot_take() throws Exception {
        String path = "/admin/keys/" + key.key().id() + "/limits";
        assertThat(admin.send("PUT", path, "{\"requests_per_minute\": 0}").statusCode()).isEqualTo(400);
        HttpResponse<String> bad = admin.send("PUT", path, "{\"monthly\": \"5\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("error").path("param").asText()).isEqualTo("monthly");
        assertThat(admin.send("PUT", path, "{\"daily_usd\": \"-1\"}").statusCode()).isEqualTo(400);
        // a bucket refills at most one token a nanosecond: a larger limit would never be enforced
        HttpResponse<String> huge = admin.send("PUT", path, "{\"tokens_per_minute\": 60000000001}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("from 1 to 60000000000");
        assertThat(admin.send("PUT", "/admin/keys/key_nope/limits", "{}").statusCode()).isEqualTo(404);
        assertThat(admin.send("PUT", path, "{\"requests_per_minute\": 5}").statusCode()).isEqualTo(200);
        assertThat(small().headers().firstValue("x-ratelimit-limit-requests")).hasValue("5");

        admin.putKey(key.key().id(), "{\"requests_per_minute\": 7, \"daily_usd\": 2.5}");
        JsonNode view = json(admin.send("GET", path, null).body());
        assertThat(view.path("requests_per_minute").asInt()).isEqualTo(7);
        assertThat(view.path("daily_usd").asText()).isEqualTo("2.5");
        assertThat(small().headers().firstValue("x-ratelimit-limit-requests")).hasValue("7");

        assertThat(admin.send("DELETE", path, null).statusCode()).isEqualTo(200);
        assertThat(json(admin.send("GET", path, null).body()).path("requests_per_minute").isNull()).isTrue();
        assertThat(small().headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
        assertThat(admin.send("GET", path, null).statusCode()).isEqualTo(200);
        HttpResponse<String> noToken = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
    }
}
