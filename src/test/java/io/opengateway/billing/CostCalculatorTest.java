package io.opengateway.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.Pricing;
import io.opengateway.model.Usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/api.md's formula against values computed by hand, at the shipped catalog's prices and a 5 % fee. */
class CostCalculatorTest {

    private static final BigDecimal FIVE = new BigDecimal("5");
    private static Catalog catalog;

    @BeforeAll
    static void shippedCatalog() throws Exception {
        catalog = Catalog.of("file:routes/catalog/*.yaml");
    }

    private static Cost cost(String model, Usage u, BigDecimal fee) {
        return CostCalculator.cost(u, catalog.find(model).pricing(), fee);
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
    void anthropic_cache_reads_and_cache_writes_each_cost_their_own_price() {
        // opus 4.5: 5 in, 0.50 cache read, 6.25 cache write, 25 out; prompt = 300 + 50 000 read + 2 000 written
        Cost c = cost("anthropic/claude-opus-4-5", new Usage(52_300, 1_000, 50_000, 2_000, 600), FIVE);
        // 300 × 5 + 50 000 × 0.5 + 2 000 × 6.25 + 1 000 × 25 = 64 000 per million
        assertCost(c, "0.064", "0.0032", "0.0672");
    }

    @Test
    void google_cached_content_is_cheaper_and_a_missing_cache_write_price_is_the_input_price() {
        // gemini 2.5 pro: 1.25 in, 0.125 cached, 10 out, no cache-write price
        Cost c = cost("google/gemini-2.5-pro", new Usage(20_000, 3_000, 8_000, 0, 2_000), FIVE);
        // 12 000 × 1.25 + 8 000 × 0.125 + 3 000 × 10 = 46 000 per million
        assertCost(c, "0.046", "0.0023", "0.0483");
        Cost written = cost("google/gemini-2.5-pro", new Usage(1_000, 0, 0, 1_000, 0), FIVE);
        assertCost(written, "0.00125", "0.0000625", "0.0013125");
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
        Catalog tenDecimals = one("acme/ok", new Pricing(new BigDecimal("0.0000000001"), BigDecimal.ONE, null, null));
        assertThatCode(() -> CostCalculator.checkScale(tenDecimals, FIVE)).doesNotThrowAnyException();

        Catalog tooFine = one("acme/fine", new Pricing(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("0.00000000001"), null));
        assertThatThrownBy(() -> CostCalculator.checkScale(tooFine, FIVE))
                .hasMessageContaining("acme/fine").hasMessageContaining("cached_input_per_mtok")
                .hasMessageContaining("0.00000000001");
        assertThatThrownBy(() -> CostCalculator.checkScale(tenDecimals, new BigDecimal("2.5")))
                .as("a fee with a decimal takes one more").hasMessageContaining("acme/ok");
        assertThatThrownBy(() -> CostCalculator.checkScale(tenDecimals, new BigDecimal("-1")))
                .hasMessageContaining("fee-percent");
    }

    private static Catalog one(String id, Pricing p) {
        return new Catalog(List.of(new CatalogEntry(id, "acme", 1000, null, p, Set.of())));
    }
}
