package io.opengateway.billing;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.PriceVersion;
import io.opengateway.catalog.Prices;
import io.opengateway.catalog.Pricing;
import io.opengateway.config.GatewayClock;
import io.opengateway.config.GatewayProperties;
import io.opengateway.model.Usage;
import io.opengateway.routing.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * docs/api.md's formula against values computed by hand, at the shipped catalog's prices and a 5 %
 * fee: one example per price shape (cache reads and both write durations, prompt-size tiers on each
 * side of their threshold, dated price changes on each side of their date, service tiers, regions).
 */
class CostCalculatorTest {

    private static final BigDecimal FIVE = new BigDecimal("5");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static Catalog catalog;
    private static Pricer pricer;

    @BeforeAll
    static void shippedCatalog() throws Exception {
        catalog = Catalog.of("file:routes/catalog/*.yaml");
        pricer = new Pricer(catalog, new GatewayProperties(Map.of(), null,
                new GatewayProperties.Billing(FIVE, Path.of("unused"), true, 50000), null, null, null), new GatewayClock());
    }

    private static BillingRecord bill(String model, Usage u, Instant at) {
        return pricer.price(new UsageEvent("req_1", "acct", "key_1", "chat", model, model, "p", 1, u, Outcome.OK, null,
                false, 1, at, List.of()));
    }

    private static BillingRecord bill(String model, Usage u) {
        return bill(model, u, NOW);
    }

    private static Cost cost(String model, Usage u, BigDecimal fee) {
        return CostCalculator.cost(u, catalog.find(model).pricing().at(NOW).base(), fee);
    }

    private static void assertCost(Cost c, String provider, String fee, String total) {
        assertThat(c.providerCost()).isEqualByComparingTo(provider);
        assertThat(c.platformFee()).isEqualByComparingTo(fee);
        assertThat(c.total()).isEqualByComparingTo(total);
    }

    @Test
    void openai_cached_prompt_tokens_cost_the_cached_price_and_reasoning_is_output_once() {
        // o3: 2.00 in, 0.50 cached, 8.00 out; 10 000 prompt of which 4 000 cached; 2 500 out of which 1 800 reasoning
        Cost c = cost("openai/o3", new Usage(10_000, 2_500, 4_000, 0, 1_800), FIVE);
        // 6 000 × 2 + 4 000 × 0.5 + 2 500 × 8 = 34 000 per million
        assertCost(c, "0.034", "0.0017", "0.0357");
    }

    @Test
    void anthropic_cache_reads_and_both_cache_write_durations_each_cost_their_own_price() {
        // opus 4.5: 5 in, 0.50 read, 6.25 5m write, 10 1h write, 25 out; prompt = 300 + 50 000 read + 3 000 written
        Usage u = new Usage(53_300, 1_000, 50_000, 3_000, 600, 1_000, null, null);
        BillingRecord r = bill("anthropic/claude-opus-4-5", u);
        // 300 × 5 + 50 000 × 0.5 + 2 000 × 6.25 + 1 000 × 10 + 1 000 × 25 = 74 000 per million
        assertCost(r.cost(), "0.074", "0.0037", "0.0777");
        assertThat(CostCalculator.lines(u, r.rates().prices())).extracting(CostCalculator.Line::name,
                CostCalculator.Line::tokens).containsExactly(tuple("input", 300L),
                tuple("cached_input", 50_000L),
                tuple("cache_write_5m", 2_000L),
                tuple("cache_write_1h", 1_000L),
                tuple("output", 1_000L));
    }

    @Test
    void opus_5_5_reads_its_cache_at_a_twentieth_of_input_and_fast_mode_doubles_every_price() {
        // 4 in, 0.20 read, 5 5m write, 8 1h write, 20 out
        Usage u = new Usage(21_000, 500, 10_000, 1_000, 0, 400, null, null);
        // 10 000 × 4 + 10 000 × 0.2 + 600 × 5 + 400 × 8 + 500 × 20 = 58 200 per million
        assertCost(bill("anthropic/claude-opus-5-5", u).cost(), "0.0582", "0.00291", "0.06111");
        BillingRecord fast = bill("anthropic/claude-opus-5-5", new Usage(21_000, 500, 10_000, 1_000, 0, 400, "fast", null));
        assertCost(fast.cost(), "0.1164", "0.00582", "0.12222");
        assertThat(fast.rates().inputPerMtok()).isEqualByComparingTo("8");
        assertThat(fast.priceMissing()).isNull();
        // in the US region too: 1.1 × fast
        BillingRecord us = bill("anthropic/claude-opus-5-5", new Usage(21_000, 500, 10_000, 1_000, 0, 400, "fast", "us"));
        assertThat(us.cost().providerCost()).isEqualByComparingTo("0.12804");
    }

    @Test
    void haiku_5_5_prices_the_whole_request_at_its_long_prompt_tier_only_above_100k_prompt_tokens() {
        // exactly 100 000 prompt tokens (90 000 in, 8 000 read, 2 000 written 5m): the base prices
        BillingRecord at = bill("anthropic/claude-haiku-5-5", new Usage(100_000, 1_000, 8_000, 2_000, 0));
        // 90 000 × 0.10 + 8 000 × 0.01 + 2 000 × 0.125 + 1 000 × 0.50 = 9 830 per million
        assertCost(at.cost(), "0.00983", "0.0004915", "0.0103215");
        assertThat(at.rates().pricingTier()).isEqualTo("base");
        // one more: every token of the request at the over-100K prices (0.50, 0.05, 0.625, 2.50)
        BillingRecord over = bill("anthropic/claude-haiku-5-5", new Usage(100_001, 1_000, 8_000, 2_000, 0));
        // 90 001 × 0.50 + 8 000 × 0.05 + 2 000 × 0.625 + 1 000 × 2.50 = 49 150.5 per million
        assertCost(over.cost(), "0.0491505", "0.002457525", "0.051608025");
        assertThat(over.rates().pricingTier()).isEqualTo("over_100k");
    }

    @Test
    void openai_above_272k_doubles_input_and_cache_and_raises_output_by_half_for_the_whole_request() {
        // gpt-6-sol: 2 in, 0.20 cached, 2.50 cache write, 10 out
        Usage at = new Usage(272_000, 1_000, 100_000, 10_000, 0);
        // 162 000 × 2 + 100 000 × 0.2 + 10 000 × 2.5 + 1 000 × 10 = 379 000 per million
        assertCost(bill("openai/gpt-6-sol", at).cost(), "0.379", "0.01895", "0.39795");
        Usage over = new Usage(272_001, 1_000, 100_000, 10_000, 0);
        // 162 001 × 4 + 100 000 × 0.4 + 10 000 × 5 + 1 000 × 15 = 753 004 per million
        BillingRecord r = bill("openai/gpt-6-sol", over);
        assertCost(r.cost(), "0.753004", "0.0376502", "0.7906542");
        assertThat(r.rates().pricingTier()).isEqualTo("over_272k");
        // flex halves the long-context prices as well
        BillingRecord flex = bill("openai/gpt-6-sol", new Usage(272_001, 1_000, 100_000, 10_000, 0, 0, "flex", null));
        assertThat(flex.cost().providerCost()).isEqualByComparingTo("0.376502");
    }

    @Test
    void gemini_pro_prices_prompts_over_200k_at_its_higher_rates() {
        // 3.1 pro preview: ≤200k 2 / 0.20 / 12; >200k 4 / 0.40 / 18
        assertCost(bill("google/gemini-3.1-pro-preview", new Usage(200_000, 1_000, 50_000, 0, 0)).cost(),
                // 150 000 × 2 + 50 000 × 0.20 + 1 000 × 12 = 322 000 per million
                "0.322", "0.0161", "0.3381");
        assertCost(bill("google/gemini-3.1-pro-preview", new Usage(200_001, 1_000, 50_000, 0, 0)).cost(),
                // 150 001 × 4 + 50 000 × 0.40 + 1 000 × 18 = 638 004 per million
                "0.638004", "0.0319002", "0.6699042");
    }

    @Test
    void a_request_is_billed_at_the_price_in_force_when_it_arrived_on_either_side_of_a_dated_change() {
        Usage u = new Usage(10_000, 2_000, 4_000, 0, 0);
        // gemini 4 argon: 2 / 0.10 / 10 until 2026-12-01, then 4 / 0.20 / 20
        BillingRecord before = bill("google/gemini-4-argon", u, Instant.parse("2026-11-30T23:59:59.999Z"));
        // 6 000 × 2 + 4 000 × 0.1 + 2 000 × 10 = 32 400 per million
        assertCost(before.cost(), "0.0324", "0.00162", "0.03402");
        assertThat(before.rates().priceVersion()).isEqualTo("undated");
        BillingRecord after = bill("google/gemini-4-argon", u, Instant.parse("2026-12-01T00:00:00Z"));
        assertCost(after.cost(), "0.0648", "0.00324", "0.06804");
        assertThat(after.rates().priceVersion()).isEqualTo("2026-12-01");
        // gemini 3.8 flash: 0.75 / 0.075 / 3.75 through 2026-12-31, then 1.50 / 0.15 / 7.50
        assertThat(bill("google/gemini-3.8-flash", u, Instant.parse("2026-12-31T23:59:59Z")).cost().providerCost())
                .isEqualByComparingTo("0.0123"); // 6 000 × 0.75 + 4 000 × 0.075 + 2 000 × 3.75
        assertThat(bill("google/gemini-3.8-flash", u, Instant.parse("2027-01-01T00:00:00Z")).cost().providerCost())
                .isEqualByComparingTo("0.0246");
    }

    @Test
    void an_unpriced_service_tier_or_region_is_billed_at_the_standard_price_and_marked() {
        Usage u = new Usage(1_000_000, 0, 0, 0, 0, 0, "fast", null);
        BillingRecord r = bill("anthropic/claude-sonnet-5-5", u);
        assertThat(r.cost().providerCost()).isEqualByComparingTo("2"); // the standard 2.00 per million
        assertThat(r.priceMissing()).isEqualTo("service_tier");
        assertThat(r.event().note()).contains("service tier 'fast'").contains("standard prices");
        BillingRecord eu = bill("anthropic/claude-sonnet-5-5", new Usage(1_000_000, 0, 0, 0, 0, 0, null, "eu"));
        assertThat(eu.priceMissing()).isEqualTo("inference_geo");
    }

    @Test
    void a_model_without_a_price_is_billed_at_zero_and_says_so() {
        Catalog none = new Catalog(List.of(new CatalogEntry("acme/free", "acme", 1000, null, null, Set.of())));
        Pricer p = new Pricer(none, new GatewayProperties(Map.of(), null,
                new GatewayProperties.Billing(FIVE, Path.of("unused"), true, 50000), null, null, null), new GatewayClock());
        BillingRecord r = p.price(new UsageEvent("req_1", "acct", "key_1", "chat", "acme/free", "acme/free", "acme", 1,
                new Usage(1000, 10, 0, 0, 0), Outcome.OK, null, false, 1, NOW, List.of()));
        assertCost(r.cost(), "0", "0", "0");
        assertThat(r.rates()).isNull();
        assertThat(r.priceMissing()).isEqualTo("model");
        assertThat(r.event().note()).contains("no catalog price for acme/free");
    }

    @Test
    void the_start_up_log_warns_for_every_catalog_model_without_a_price_now() {
        Catalog catalog = new Catalog(List.of(
                new CatalogEntry("acme/free", "acme", 1000, null, null, Set.of()),
                new CatalogEntry("acme/later", "acme", 1000, null, new Pricing(List.of(new PriceVersion(
                        Instant.parse("2999-01-01T00:00:00Z"), "2999-01-01", Prices.of(BigDecimal.ONE, BigDecimal.ONE),
                        null, null, null))), Set.of()),
                new CatalogEntry("acme/priced", "acme", 1000, null, Pricing.of(Prices.of(BigDecimal.ONE, BigDecimal.ONE)),
                        Set.of())));
        Logger log = (Logger) LoggerFactory.getLogger(Pricer.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            new Pricer(catalog, new GatewayProperties(Map.of(), null,
                    new GatewayProperties.Billing(FIVE, Path.of("unused"), true, 50000), null, null, null), new GatewayClock());
        } finally {
            log.detachAppender(seen);
        }
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("acme/free").contains("no price").contains("price_missing"))
                .anySatisfy(m -> assertThat(m).contains("acme/later").contains("until 2999-01-01"));
        assertThat(seen.list).allSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"));
    }

    @Test
    void one_token_on_the_cheapest_price_is_kept_to_the_last_decimal() {
        // gpt-5-nano's cached input: 0.005 per million; a 2.5 % fee
        Cost c = cost("openai/gpt-5-nano", new Usage(1, 0, 1, 0, 0), new BigDecimal("2.5"));
        assertThat(c.providerCost().toPlainString()).isEqualTo("0.000000005");
        assertThat(c.platformFee()).isEqualByComparingTo("0.000000000125");
        assertThat(c.total()).isEqualByComparingTo("0.000000005125");
    }

    @Test
    void no_tokens_cost_nothing_and_a_zero_fee_adds_nothing() {
        assertCost(cost("openai/gpt-4o", Usage.NONE, FIVE), "0", "0", "0");
        assertCost(cost("openai/gpt-4o", new Usage(1_000_000, 0, 0, 0, 0), BigDecimal.ZERO), "2.5", "0", "2.5");
    }

    @Test
    void more_cached_than_prompt_tokens_never_bills_negative_input() {
        Cost c = cost("openai/gpt-4o", new Usage(10, 0, 20, 0, 0), FIVE);
        // 20 cached × 1.25, and no uncached input rather than −10
        assertCost(c, "0.000025", "0.00000125", "0.00002625");
    }

    @Test
    void the_shipped_catalog_fits_the_ledger_scale() {
        assertThatCode(() -> CostCalculator.checkScale(catalog, FIVE)).doesNotThrowAnyException();
        assertThatCode(() -> CostCalculator.checkScale(catalog, new BigDecimal("2.75"))).doesNotThrowAnyException();
    }

    @Test
    void a_price_with_more_decimals_than_the_ledger_keeps_stops_the_start_naming_it() {
        Catalog tenDecimals = one("acme/ok", Prices.of(new BigDecimal("0.0000000001"), BigDecimal.ONE));
        assertThatCode(() -> CostCalculator.checkScale(tenDecimals, FIVE)).doesNotThrowAnyException();

        Catalog tooFine = one("acme/fine", new Prices(BigDecimal.ONE, new BigDecimal("0.00000000001"), BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ONE));
        assertThatThrownBy(() -> CostCalculator.checkScale(tooFine, FIVE))
                .hasMessageContaining("acme/fine").hasMessageContaining("cached_input_per_mtok")
                .hasMessageContaining("0.00000000001");
        assertThatThrownBy(() -> CostCalculator.checkScale(tenDecimals, new BigDecimal("2.5")))
                .as("a fee with a decimal takes one more").hasMessageContaining("acme/ok");
        assertThatThrownBy(() -> CostCalculator.checkScale(tenDecimals, new BigDecimal("-1")))
                .hasMessageContaining("fee-percent");
    }

    private static Catalog one(String id, Prices p) {
        return new Catalog(List.of(new CatalogEntry(id, "acme", 1000, null, Pricing.of(p), Set.of())));
    }
}
