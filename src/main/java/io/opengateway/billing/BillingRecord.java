package io.opengateway.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.billing.UsageEvent.AttemptLine;
import io.opengateway.model.Usage;

/**
 * One request's billing record as journaled and stored: API.md's fields, the prices and fee it
 * was charged at (so a record can be checked long after the catalog changed), and its failed
 * attempts. {@code usage} is never null (zero when the provider reported none, and then
 * {@code usageReported} is false); {@code rates} is null when no model served.
 */
public record BillingRecord(
        String requestId,
        String account,
        String keyId,
        String endpoint,
        String requestedModel,
        String servedModel,
        String provider,
        int attempts,
        Usage usage,
        boolean usageReported,
        Rates rates,
        Cost cost,
        String status,
        boolean streamed,
        long latencyMs,
        Instant createdAt,
        String note,
        List<AttemptLine> attemptLog) {

    public BillingRecord {
        attemptLog = attemptLog == null ? List.of() : List.copyOf(attemptLog);
    }

    /** The effective prices (USD per million tokens, cache prices already defaulted) and fee percent. */
    public record Rates(BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
            BigDecimal cacheWritePerMtok, BigDecimal feePercent) {
    }
}
