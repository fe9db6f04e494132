package io.opengateway;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.assertMoney;
import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prices as the providers price today, end to end through the fake providers of each dialect: a
 * long-context request, cache writes (both durations where the provider has two), a request on
 * each side of a dated price change (the gateway's clock pinned), and the service tier or region
 * the provider reports. Money computed by hand from routes/catalog/*.yaml, 5 % fee. Gemini reports
 * no cache writes, so its cache test is the cache reads.
 */
class PricingEndToEndTest extends GatewayTestBase {

    @Autowired
    UsageQueries queries;

    @Autowired
    MeterRegistry registry;

    private BillingRecord billed(FakeUpstream provider, FakeUpstream.Responder answer, String body) throws Exception {
        provider.enqueue(answer);
        var r = post("/v1/chat/completions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return awaitRecord(queries, requestId(r));
    }

    /** The same answer billed once for a request served at each instant (the clock pinned), in order. */
    private List<BillingRecord> servedAt(FakeUpstream provider, String answer, String model, String... instants)
            throws Exception {
        List<BillingRecord> out = new ArrayList<>();
        for (String at : instants) {
            clock.pin(Instant.parse(at));
            out.add(billed(provider, FakeUpstream.json(200, answer), chatWith(model, "")));
        }
        return out;
    }

    private static String chatWith(String model, String extra) {
        return "{\"model\":\"" + model + "\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    // ---- OpenAI ----

    private static String openAi(String model, long prompt, long cached, long writes, long completion, String tier) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1765000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                          "prompt_tokens_details":{"cached_tokens":%d,"cache_write_tokens":%d},
                          "completion_tokens_details":{"reasoning_tokens":0}},
                 "service_tier":"%s"}""".formatted(model, prompt, completion, prompt + completion, cached, writes, tier);
    }

    @Test
    void openai_a_prompt_over_272k_bills_the_whole_request_at_the_long_context_prices_with_its_cache_writes()
            throws Exception {
        BillingRecord r = billed(OPENAI, FakeUpstream.json(200, openAi("gpt-6-sol", 300_000, 100_000, 20_000, 1_000,
                "default")), chatWith("openai/gpt-6-sol", ""));

        // over 272K: 4 in, 0.40 cached, 5 cache write, 15 out
        // 180 000 × 4 + 100 000 × 0.4 + 20 000 × 5 + 1 000 × 15 = 875 000 per million
        assertMoney(r, "0.875", "0.04375", "0.91875");
        assertThat(r.rates().pricingTier()).isEqualTo("over_272k");
        assertThat(r.usage().cacheWriteTokens()).isEqualTo(20_000);
        assertThat(r.usage().serviceTier()).as("default is the standard tier").isNull();
    }

    @Test
    void openai_a_flex_stream_is_billed_at_half_as_openai_reports_it_served_it() throws Exception {
        String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1765000000,"
                + "\"model\":\"gpt-6-sol\",\"service_tier\":\"flex\",";
        List<String> events = List.of(
                chunk + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                        + "\"finish_reason\":null}],\"usage\":null}",
                chunk + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}",
                chunk + "\"choices\":[],\"usage\":{\"prompt_tokens\":10000,\"completion_tokens\":500,"
                        + "\"total_tokens\":10500,\"prompt_tokens_details\":{\"cached_tokens\":4000,"
                        + "\"cache_write_tokens\":2000}}}",
                "data: [DONE]");
        BillingRecord r = billed(OPENAI, FakeUpstream.sse(events, Duration.ZERO),
                chatWith("openai/gpt-6-sol", "\"stream\":true,\"service_tier\":\"flex\","));

        assertThat(OPENAI.lastRequest().body()).contains("\"service_tier\":\"flex\"");
        // flex: 1 in, 0.10 cached, 1.25 cache write, 5 out
        // 4 000 × 1 + 4 000 × 0.1 + 2 000 × 1.25 + 500 × 5 = 9 400 per million
        assertMoney(r, "0.0094", "0.00047", "0.00987");
        assertThat(r.usage().serviceTier()).isEqualTo("flex");
        assertThat(r.priceMissing()).isNull();
    }

    @Test
    void openai_a_request_is_billed_at_the_price_in_force_when_it_arrived_either_side_of_a_change() throws Exception {
        List<BillingRecord> billed = servedAt(OPENAI, openAi("gpt-5.6-terra", 10_000, 2_000, 1_000, 500, "default"),
                "openai/gpt-5.6-terra", "2026-07-29T23:59:59.999Z", "2026-07-30T00:00:00Z");
        BillingRecord before = billed.get(0);
        BillingRecord after = billed.get(1);

        // 7 000 × 2.50 + 2 000 × 0.25 + 1 000 × 3.125 + 500 × 15 = 28 625 per million
        assertMoney(before, "0.028625", "0.00143125", "0.03005625");
        assertThat(before.rates().priceVersion()).isEqualTo("undated");
        assertThat(before.event().createdAt()).isEqualTo(Instant.parse("2026-07-29T23:59:59.999Z"));
        // 7 000 × 2 + 2 000 × 0.20 + 1 000 × 2.50 + 500 × 12 = 22 900 per million
        assertMoney(after, "0.0229", "0.001145", "0.024045");
        assertThat(after.rates().priceVersion()).isEqualTo("2026-07-30");
    }

    // ---- Anthropic ----

    private static String anthropic(String model, long input, long read, long fiveMinutes, long oneHour, long output,
            String extra) {
        return """
                {"id":"msg_1","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":%d,"cache_read_input_tokens":%d,"cache_creation_input_tokens":%d,
                          "cache_creation":{"ephemeral_5m_input_tokens":%d,"ephemeral_1h_input_tokens":%d},
                          "output_tokens":%d,"service_tier":"standard"%s}}"""
                .formatted(model, input, read, fiveMinutes + oneHour, fiveMinutes, oneHour, output, extra);
    }

    @Test
    void anthropic_a_haiku_5_5_prompt_over_100k_bills_every_token_at_the_long_prompt_prices() throws Exception {
        BillingRecord r = billed(ANTHROPIC, FakeUpstream.json(200,
                anthropic("claude-haiku-5-5", 150_000, 30_000, 5_000, 15_000, 2_000, "")),
                chatWith("anthropic/claude-haiku-5-5", ""));

        // prompt 200 000 > 100 000: 0.50 in, 0.05 read, 0.625 5m, 1.00 1h, 2.50 out
        // 150 000 × 0.5 + 30 000 × 0.05 + 5 000 × 0.625 + 15 000 × 1 + 2 000 × 2.5 = 99 625 per million
        assertMoney(r, "0.099625", "0.00498125", "0.10460625");
        assertThat(r.rates().pricingTier()).isEqualTo("over_100k");
    }

    @Test
    void anthropic_a_fast_stream_in_the_us_with_both_cache_write_durations_is_billed_as_reported() throws Exception {
        List<String> events = List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-5-5\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":500,"
                        + "\"cache_read_input_tokens\":10000,\"cache_creation_input_tokens\":4000,"
                        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":3000},"
                        + "\"output_tokens\":1,\"speed\":\"fast\",\"inference_geo\":\"us\"}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":800}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}");
        BillingRecord r = billed(ANTHROPIC, FakeUpstream.sse(events, Duration.ZERO), chatWith("anthropic/claude-opus-5-5",
                "\"stream\":true,\"service_tier\":\"fast\",\"inference_geo\":\"us\","));

        JsonNode sent = json(ANTHROPIC.lastRequest().body());
        assertThat(sent.path("speed").asText()).isEqualTo("fast");
        assertThat(sent.path("inference_geo").asText()).isEqualTo("us");
        // standard: 500 × 4 + 10 000 × 0.2 + 1 000 × 5 + 3 000 × 8 + 800 × 20 = 49 000 per million;
        // fast doubles it and the US region adds a tenth: 49 000 × 2 × 1.1 = 107 800
        assertMoney(r, "0.1078", "0.00539", "0.11319");
        assertThat(r.usage().cacheWrite5mTokens()).isEqualTo(1_000);
        assertThat(r.usage().cacheWrite1hTokens()).isEqualTo(3_000);
        assertThat(r.usage().serviceTier()).isEqualTo("fast");
        assertThat(r.usage().inferenceGeo()).isEqualTo("us");
        assertThat(r.rates().cacheWrite1hPerMtok()).isEqualByComparingTo("17.6");
    }

    @Test
    void anthropic_sonnet_5_5_cache_reads_cost_half_from_2026_10_07() throws Exception {
        List<BillingRecord> billed = servedAt(ANTHROPIC, anthropic("claude-sonnet-5-5", 1_000, 100_000, 0, 0, 100, ""),
                "anthropic/claude-sonnet-5-5", "2026-10-06T23:59:59.999Z", "2026-10-07T00:00:00Z");
        BillingRecord before = billed.get(0);
        BillingRecord after = billed.get(1);

        // 1 000 × 2 + 100 000 × 0.20 + 100 × 10 = 23 000, then with reads at 0.10: 13 000 per million
        assertMoney(before, "0.023", "0.00115", "0.02415");
        assertMoney(after, "0.013", "0.00065", "0.01365");
        assertThat(after.rates().priceVersion()).isEqualTo("2026-10-07");
    }

    // ---- Gemini ----

    private static String gemini(long prompt, long cached, long candidates, long thoughts) {
        return """
                {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":%d,"candidatesTokenCount":%d,"cachedContentTokenCount":%d,
                                  "thoughtsTokenCount":%d,"totalTokenCount":%d},
                 "modelVersion":"gemini","responseId":"r1"}""".formatted(prompt, candidates, cached, thoughts,
                prompt + candidates + thoughts);
    }

    @Test
    void gemini_a_prompt_over_200k_on_3_1_pro_is_billed_at_its_long_context_prices_with_cache_reads() throws Exception {
        BillingRecord r = billed(GOOGLE, FakeUpstream.json(200, gemini(250_000, 50_000, 1_000, 500)),
                chatWith("google/gemini-3.1-pro-preview", ""));

        // over 200k: 4 in, 0.40 cached, 18 out (thoughts are output)
        // 200 000 × 4 + 50 000 × 0.4 + 1 500 × 18 = 847 000 per million
        assertMoney(r, "0.847", "0.04235", "0.88935");
        assertThat(r.rates().pricingTier()).isEqualTo("over_200k");
    }

    @Test
    void gemini_4_argon_costs_twice_as_much_from_2026_12_01() throws Exception {
        List<BillingRecord> billed = servedAt(GOOGLE, gemini(10_000, 4_000, 1_500, 500), "google/gemini-4-argon",
                "2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z");
        BillingRecord before = billed.get(0);
        BillingRecord after = billed.get(1);

        // 6 000 × 2 + 4 000 × 0.10 + 2 000 × 10 = 32 400, then at 4 / 0.20 / 20: 64 800 per million
        assertMoney(before, "0.0324", "0.00162", "0.03402");
        assertMoney(after, "0.0648", "0.00324", "0.06804");
    }

    @Test
    void gemini_refuses_a_service_tier_it_would_not_bill() throws Exception {
        var r = post("/v1/chat/completions", chatWith("google/gemini-3.8-flash", "\"service_tier\":\"flex\","));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("service_tier");
        assertThat(GOOGLE.requests()).isEmpty();
    }

    // ---- a model without a price ----

    @Test
    void a_model_without_a_price_is_billed_at_zero_marked_and_counted() throws Exception {
        Counter before = registry.find("opengateway.unpriced.requests").tag("model", "flaky/model-unpriced").counter();
        double counted = before == null ? 0 : before.count();

        BillingRecord r = billed(FLAKY, FakeUpstream.json(200, openAi("model-unpriced", 1_000, 0, 0, 10, "default")),
                chatWith("flaky/model-unpriced", ""));

        assertMoney(r, "0", "0", "0");
        assertThat(r.priceMissing()).isEqualTo("model");
        assertThat(r.event().note()).contains("no catalog price");
        assertThat(registry.get("opengateway.unpriced.requests").tag("model", "flaky/model-unpriced")
                .tag("reason", "model").counter().count()).isEqualTo(counted + 1);
        JsonNode usage = json(get("/v1/usage?limit=1", gatewayKey()).body()).path("data").get(0);
        assertThat(usage.path("request_id").asText()).isEqualTo(r.requestId());
        assertThat(usage.path("price_missing").asText()).isEqualTo("model");
        assertThat(usage.path("components").isNull()).isTrue();
    }

    @Test
    void a_usage_record_shows_its_components_tier_and_version_adding_up_to_its_cost() throws Exception {
        BillingRecord r = billed(ANTHROPIC, FakeUpstream.json(200,
                anthropic("claude-opus-5-5", 500, 10_000, 1_000, 3_000, 800, "")), chatWith("anthropic/claude-opus-5-5", ""));

        JsonNode rec = json(get("/v1/usage?limit=1", gatewayKey()).body()).path("data").get(0);
        assertThat(rec.path("request_id").asText()).isEqualTo(r.requestId());
        assertThat(rec.path("pricing_tier").asText()).isEqualTo("base");
        assertThat(rec.path("price_version").asText()).isEqualTo("undated");
        assertThat(rec.path("cache_write_tokens").asLong()).isEqualTo(4_000);
        assertThat(rec.path("cache_write_1h_tokens").asLong()).isEqualTo(3_000);
        JsonNode c = rec.path("components");
        assertThat(c.path("cache_write_1h").path("tokens").asLong()).isEqualTo(3_000);
        assertThat(c.path("cache_write_1h").path("per_mtok").asText()).isEqualTo("8");
        assertThat(c.path("cache_write_1h").path("usd").asText()).isEqualTo("0.024");
        BigDecimal sum = BigDecimal.ZERO;
        for (String part : List.of("input", "cached_input", "cache_write_5m", "cache_write_1h", "output")) {
            sum = sum.add(new BigDecimal(c.path(part).path("usd").asText()));
        }
        assertThat(sum).isEqualByComparingTo(rec.path("provider_cost_usd").asText()).isEqualByComparingTo("0.049");
    }
}
