package io.opengateway.billing;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.model.Usage;

/**
 * One request's billing record as journaled and stored: its usage event priced. {@code rates} are
 * the prices and fee it was charged at, so a record can be checked long after the catalog changed;
 * they are null when no model served (and the cost is zero).
 */
public record BillingRecord(UsageEvent event, Rates rates, Cost cost) {

    /** The effective prices (USD per million tokens, cache prices already defaulted) and fee percent. */
    public record Rates(BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
            BigDecimal cacheWritePerMtok, BigDecimal feePercent) {
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
