package io.opengateway.billing;

import java.math.BigDecimal;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.Pricing;
import io.opengateway.model.Usage;

/**
 * docs/api.md's billing formula in exact decimals: {@code (prompt − cached − cache_write) × input +
 * cached × cached_input + cache_write × cache_write_price + completion × output}, per million
 * tokens; the fee is that cost × fee-percent / 100; the total is their sum. Every step is an exact
 * {@link BigDecimal} product or a decimal point shift, so nothing is ever rounded; the money
 * columns ({@code NUMERIC(38, 18)}) must then hold every amount exactly, which
 * {@link #checkScale} proves for a whole catalog at start-up.
 */
public final class CostCalculator {

    /** Decimals of the money columns. */
    public static final int SCALE = 18;
    /** Digits before the decimal point the money columns hold (38 − 18). */
    private static final int INTEGER_DIGITS = 20;
    private static final int PER_MILLION = 6;
    private static final int PERCENT = 2;

    private CostCalculator() {
    }

    /** What one request cost: the provider's price, the platform fee, and both together (USD). */
    public record Cost(BigDecimal providerCost, BigDecimal platformFee, BigDecimal total) {
        public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /**
     * The cost of {@code usage} at {@code prices}. A provider that reports more cached and
     * cache-write tokens than prompt tokens is inconsistent; the uncached part then counts as
     * zero rather than negative, so a record is never a credit.
     */
    public static Cost cost(Usage usage, Pricing prices, BigDecimal feePercent) {
        long uncached = Math.max(0, usage.promptTokens() - usage.cachedTokens() - usage.cacheWriteTokens());
        BigDecimal perMillion = tokens(uncached).multiply(prices.inputPerMtok())
                .add(tokens(usage.cachedTokens()).multiply(prices.cachedInput()))
                .add(tokens(usage.cacheWriteTokens()).multiply(prices.cacheWrite()))
                .add(tokens(usage.completionTokens()).multiply(prices.outputPerMtok()));
        BigDecimal provider = perMillion.movePointLeft(PER_MILLION);
        BigDecimal fee = provider.multiply(feePercent).movePointLeft(PERCENT);
        Cost cost = new Cost(provider, fee, provider.add(fee));
        fits(cost.providerCost());
        fits(cost.platformFee());
        fits(cost.total());
        return cost;
    }

    /**
     * Fails when some amount billed at these prices and this fee could need more decimals than
     * the money columns keep: a price with d decimals gives a cost with d + 6 and a fee with
     * d + 6 + (the fee's decimals) + 2.
     */
    public static void checkScale(Catalog catalog, BigDecimal feePercent) {
        if (feePercent == null || feePercent.signum() < 0) {
            throw new IllegalStateException("opengateway.billing.fee-percent must be zero or more (got " + feePercent + ")");
        }
        int feeDecimals = decimals(feePercent) + PERCENT;
        for (CatalogEntry e : catalog.all()) {
            Pricing p = e.pricing();
            check(e, "input_per_mtok", p.inputPerMtok(), feeDecimals);
            check(e, "output_per_mtok", p.outputPerMtok(), feeDecimals);
            check(e, "cached_input_per_mtok", p.cachedInput(), feeDecimals);
            check(e, "cache_write_per_mtok", p.cacheWrite(), feeDecimals);
        }
    }

    private static void check(CatalogEntry e, String field, BigDecimal price, int feeDecimals) {
        int needed = decimals(price) + PER_MILLION + feeDecimals;
        if (needed > SCALE) {
            throw new IllegalStateException("Catalog entry '" + e.id() + "': pricing." + field + " = "
                    + price.toPlainString() + " has too many decimals for exact billing: with the fee it needs "
                    + needed + " decimals and the ledger keeps " + SCALE
                    + " (at most " + (SCALE - PER_MILLION - feeDecimals) + " decimals per price with this fee)");
        }
    }

    private static void fits(BigDecimal amount) {
        BigDecimal a = amount.stripTrailingZeros();
        if (decimals(a) > SCALE || a.precision() - a.scale() > INTEGER_DIGITS) {
            throw new ArithmeticException("amount " + amount.toPlainString() + " does not fit NUMERIC(38, 18) exactly");
        }
    }

    /** Decimals that carry a value (trailing zeros do not). */
    static int decimals(BigDecimal d) {
        return Math.max(0, d.stripTrailingZeros().scale());
    }

    private static BigDecimal tokens(long n) {
        return BigDecimal.valueOf(n);
    }
}
