package io.opengateway.billing;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Prices;
import io.opengateway.model.Usage;

/**
 * One request's billing record as journaled and stored: its usage event priced. {@code rates} are
 * the prices and fee it was charged at, so a record can be checked long after the catalog changed;
 * they are null when no model served, or when the model had no price (the cost is then zero).
 * {@code priceMissing} names what had no catalog price ({@code model}, {@code service_tier},
 * {@code inference_geo}), or is null.
 */
public record BillingRecord(UsageEvent event, Rates rates, Cost cost, String priceMissing) {

    public BillingRecord(UsageEvent event, Rates rates, Cost cost) {
        this(event, rates, cost, null);
    }

    /**
     * The prices charged (USD per million tokens, after the prompt-size tier, service tier and
     * region; cache prices already defaulted), the fee percent, and where the prices came from:
     * the prompt-size tier ({@code base} or the tier's name) and the catalog's price version (its
     * {@code effective_from}, or {@code undated}). Records from before tiers and versions existed
     * have them null, and no 1-hour write price (they had no 1-hour writes).
     */
    public record Rates(BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
            BigDecimal cacheWritePerMtok, BigDecimal feePercent, BigDecimal cacheWrite1hPerMtok, String pricingTier,
            String priceVersion) {

        public Rates(Prices p, BigDecimal feePercent, String pricingTier, String priceVersion) {
            this(p.input(), p.output(), p.cachedInput(), p.cacheWrite(), feePercent, p.cacheWrite1h(), pricingTier,
                    priceVersion);
        }

        /** The per-million prices; a missing 1-hour write price (an older record) is the 5-minute one. */
        public Prices prices() {
            return new Prices(inputPerMtok, cachedInputPerMtok, cacheWritePerMtok,
                    cacheWrite1hPerMtok != null ? cacheWrite1hPerMtok : cacheWritePerMtok, outputPerMtok);
        }
    }

    @JsonIgnore
    public String requestId() {
        return event.requestId();
    }

    /** The billed tokens: zero when the provider reported none. */
    @JsonIgnore
    public Usage usage() {
        return event.usage() == null ? Usage.NONE : event.usage();
    }

    @JsonIgnore
    public boolean usageReported() {
        return event.usage() != null;
    }

    /** {@code ok}, {@code error} or {@code cancelled}. */
    @JsonIgnore
    public String status() {
        return event.outcome().wire();
    }
}
