package io.opengateway.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.PriceAdjustment;
import io.opengateway.catalog.PriceVersion;
import io.opengateway.catalog.Prices;
import io.opengateway.catalog.Prices.Part;
import io.opengateway.catalog.PromptTier;
import io.opengateway.model.Usage;

/**
 * docs/api.md's billing formula in exact decimals, one line per component:
 * {@code (prompt − cached − cache_write) × input + cached × cached_input + cache_write_5m ×
 * cache_write + cache_write_1h × cache_write_1h + completion × output}, per million tokens, at the
 * prices the request's tier, service tier and region give ({@link io.opengateway.catalog.Pricing#quote});
 * the fee is that cost × fee-percent / 100; the total is their sum. Every step is an exact
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

    /** One billed component: its tokens, its price per million and what they cost (USD). */
    public record Line(String name, long tokens, BigDecimal perMtok, BigDecimal usd) {
    }

    /**
     * The components of {@code usage} at {@code prices}: uncached input, cache reads, 5-minute and
     * 1-hour cache writes, output (reasoning included). A provider that reports more cached and
     * cache-write tokens than prompt tokens is inconsistent; the uncached part then counts as
     * zero rather than negative, so a record is never a credit.
     */
    public static List<Line> lines(Usage usage, Prices prices) {
        long uncached = Math.max(0, usage.promptTokens() - usage.cachedTokens() - usage.cacheWriteTokens());
        long oneHour = usage.cacheWriteTokens() - usage.cacheWrite5mTokens();
        List<Line> out = new ArrayList<>(5);
        out.add(line("input", uncached, prices.input()));
        out.add(line("cached_input", usage.cachedTokens(), prices.cachedInput()));
        out.add(line("cache_write_5m", usage.cacheWrite5mTokens(), prices.cacheWrite()));
        out.add(line("cache_write_1h", oneHour, prices.cacheWrite1h()));
        out.add(line("output", usage.completionTokens(), prices.output()));
        return out;
    }

    /** The cost of {@code usage} at {@code prices}, with the fee. */
    public static Cost cost(Usage usage, Prices prices, BigDecimal feePercent) {
        BigDecimal provider = BigDecimal.ZERO;
        for (Line l : lines(usage, prices)) {
            provider = provider.add(l.usd());
        }
        BigDecimal fee = provider.multiply(feePercent).movePointLeft(PERCENT);
        Cost cost = new Cost(provider, fee, provider.add(fee));
        fits(cost.providerCost());
        fits(cost.platformFee());
        fits(cost.total());
        return cost;
    }

    private static Line line(String name, long tokens, BigDecimal perMtok) {
        return new Line(name, tokens, perMtok, BigDecimal.valueOf(tokens).multiply(perMtok).movePointLeft(PER_MILLION));
    }

    /**
     * Fails when some amount billed at these prices and this fee could need more decimals than
     * the money columns keep: a price with d decimals gives a cost with d + 6 and a fee with
     * d + 6 + (the fee's decimals) + 2. Every price a request can be billed at is checked: each
     * version's base and tier prices, each with every service tier and region adjustment.
     */
    public static void checkScale(Catalog catalog, BigDecimal feePercent) {
        if (feePercent == null || feePercent.signum() < 0) {
            throw new IllegalStateException("opengateway.billing.fee-percent must be zero or more (got " + feePercent + ")");
        }
        int feeDecimals = decimals(feePercent) + PERCENT;
        for (CatalogEntry e : catalog.all()) {
            for (PriceVersion v : e.pricing().versions()) {
                List<PromptTier> tiers = new ArrayList<>();
                tiers.add(null);
                tiers.addAll(v.tiers());
                List<PriceAdjustment> modes = new ArrayList<>();
                modes.add(null);
                modes.addAll(v.serviceTiers().values());
                List<PriceAdjustment> geos = new ArrayList<>();
                geos.add(null);
                geos.addAll(v.inferenceGeos().values());
                for (PromptTier t : tiers) {
                    for (PriceAdjustment m : modes) {
                        for (PriceAdjustment g : geos) {
                            Prices p = v.prices(t);
                            p = m == null ? p : m.apply(p);
                            p = g == null ? p : g.apply(p);
                            for (Part c : Part.values()) {
                                check(e, v, c, p.get(c), feeDecimals);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void check(CatalogEntry e, PriceVersion v, Part c, BigDecimal price, int feeDecimals) {
        int needed = decimals(price) + PER_MILLION + feeDecimals;
        if (needed > SCALE) {
            throw new IllegalStateException("Catalog entry '" + e.id() + "' (prices " + v.label() + "): pricing."
                    + c.field() + " comes to " + price.toPlainString() + " (with its tier and multipliers), "
                    + "which has too many decimals for exact billing: with the fee it needs " + needed
                    + " decimals and the ledger keeps " + SCALE + " (at most " + (SCALE - PER_MILLION - feeDecimals)
                    + " decimals per price with this fee)");
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
}
