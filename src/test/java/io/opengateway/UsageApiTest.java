package io.opengateway;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/usage (the caller's own records) and GET /admin/usage (an account's), as docs/api.md has them. */
class UsageApiTest extends GatewayTestBase {

    @Autowired
    UsageQueries queries;

    private String account;
    private String key;

    @BeforeEach
    void aFreshAccount() {
        account = "usage-" + UUID.randomUUID();
        key = keys.create(account, "usage-test").secret();
    }

    /** Three answered requests of the fresh key; their request ids, oldest first. */
    private List<String> threeRequests() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
            var r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key);
            assertThat(r.statusCode()).isEqualTo(200);
            ids.add(requestId(r));
        }
        ids.forEach(id -> awaitRecord(queries, id));
        return ids;
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static void assertBadParameter(HttpResponse<String> r, String param) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo(param);
    }

    @Test
    void lists_the_callers_records_newest_first_with_exact_totals() throws Exception {
        List<String> ids = threeRequests();

        JsonNode page = ok(get("/v1/usage", key));

        assertThat(page.path("object").asText()).isEqualTo("list");
        assertThat(page.path("has_more").asBoolean()).isFalse();
        List<String> listed = new ArrayList<>();
        page.path("data").forEach(r -> listed.add(r.path("request_id").asText()));
        assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        JsonNode rec = page.path("data").get(0);
        assertThat(rec.path("account").asText()).isEqualTo(account);
        assertThat(rec.path("served_model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(rec.path("prompt_tokens").asLong()).isEqualTo(19);
        assertThat(rec.path("provider_cost_usd").asText()).isEqualTo("0.00000885");
        assertThat(rec.path("platform_fee_usd").asText()).isEqualTo("0.0000004425");
        assertThat(rec.path("total_cost_usd").asText()).isEqualTo("0.0000092925");
        assertThat(rec.path("status").asText()).isEqualTo("ok");
        assertThat(rec.path("streamed").asBoolean()).isFalse();
        assertThat(rec.path("attempts").asInt()).isEqualTo(1);
        assertThat(rec.path("created_at").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        for (String field : new String[] {"key_id", "requested_model", "provider", "completion_tokens", "cached_tokens",
                "cache_write_tokens", "reasoning_tokens", "latency_ms", "attempt_log"}) {
            assertThat(rec.has(field)).as(field).isTrue();
        }
        JsonNode totals = page.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(3);
        assertThat(totals.path("provider_cost_usd").asText()).isEqualTo("0.00002655");
        assertThat(totals.path("platform_fee_usd").asText()).isEqualTo("0.0000013275");
        assertThat(totals.path("total_cost_usd").asText()).isEqualTo("0.0000278775");
    }

    @Test
    void pages_with_limit_and_after() throws Exception {
        List<String> ids = threeRequests();

        JsonNode first = ok(get("/v1/usage?limit=2", key));
        assertThat(first.path("data")).hasSize(2);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        String cursor = first.path("data").get(1).path("request_id").asText();
        assertThat(cursor).isEqualTo(ids.get(1));

        JsonNode second = ok(get("/v1/usage?limit=2&after=" + cursor, key));
        assertThat(second.path("data")).hasSize(1);
        assertThat(second.path("data").get(0).path("request_id").asText()).isEqualTo(ids.get(0));
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(second.path("totals").path("requests").asLong()).as("totals are of all records").isEqualTo(3);
    }

    @Test
    void a_key_sees_only_its_own_records() throws Exception {
        List<String> ids = threeRequests();

        JsonNode other = ok(get("/v1/usage", gatewayKey()));
        other.path("data").forEach(r -> assertThat(ids).doesNotContain(r.path("request_id").asText()));
        assertBadParameter(get("/v1/usage?after=" + ids.get(0), gatewayKey()), "after");
        assertThat(get("/v1/usage", null).statusCode()).isEqualTo(401);
    }

    @Test
    void bad_query_parameters_are_400_naming_the_parameter() throws Exception {
        assertBadParameter(get("/v1/usage?limit=0", key), "limit");
        assertBadParameter(get("/v1/usage?limit=101", key), "limit");
        assertBadParameter(get("/v1/usage?limit=ten", key), "limit");
        assertBadParameter(get("/v1/usage?after=req_unknown", key), "after");
        assertBadParameter(get("/v1/usage?limit=1&limit=2", key), "limit");
    }

    @Test
    void the_admin_lists_an_accounts_records_within_a_time_range() throws Exception {
        List<String> ids = threeRequests();

        JsonNode all = ok(get("/admin/usage?account=" + account, ADMIN_TOKEN));
        assertThat(all.path("account").asText()).isEqualTo(account);
        assertThat(all.path("data")).hasSize(3);
        assertThat(all.path("totals").path("total_cost_usd").asText()).isEqualTo("0.0000278775");

        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        JsonNode byDay = ok(get("/admin/usage?account=" + account + "&from=" + today + "&to=" + today, ADMIN_TOKEN));
        assertThat(byDay.path("totals").path("requests").asLong()).as("a date as 'to' includes that day").isEqualTo(3);

        JsonNode later = ok(get("/admin/usage?account=" + account + "&from=" + Instant.now().plusSeconds(60), ADMIN_TOKEN));
        assertThat(later.path("data")).isEmpty();
        assertThat(later.path("totals").path("requests").asLong()).isZero();
        assertThat(later.path("totals").path("total_cost_usd").asText()).isEqualTo("0");

        JsonNode earlier = ok(get("/admin/usage?account=" + account + "&to=2020-01-01T00:00:00Z", ADMIN_TOKEN));
        assertThat(earlier.path("data")).isEmpty();
        assertThat(ids).hasSize(3);
    }

    @Test
    void the_admin_usage_needs_the_admin_token_and_valid_parameters() throws Exception {
        assertThat(get("/admin/usage?account=" + account, key).statusCode()).isEqualTo(401);
        assertBadParameter(get("/admin/usage", ADMIN_TOKEN), "account");
        assertBadParameter(get("/admin/usage?account=a&from=yesterday", ADMIN_TOKEN), "from");
        assertBadParameter(get("/admin/usage?account=a&to=2026-13-01", ADMIN_TOKEN), "to");
        assertBadParameter(get("/admin/usage?account=a&from=2026-11-02&to=2026-11-01", ADMIN_TOKEN), "to");
        assertBadParameter(get("/admin/usage?account=a&limit=1001", ADMIN_TOKEN), "limit");
    }
}
