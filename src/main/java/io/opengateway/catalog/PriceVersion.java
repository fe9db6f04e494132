package io.opengateway.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model's prices from {@code effectiveFrom} (null: from the start) until the next version's
 * date. {@code label} names it in billing records: the {@code effective_from} as written in the
 * catalog, or {@code undated}. Tiers are sorted by threshold; service tiers and inference regions
 * are keyed by the name the provider reports ({@code fast}, {@code flex}; {@code us}).
 */
public record PriceVersion(Instant effectiveFrom, String label, Prices base, List<PromptTier> tiers,
        Map<String, PriceAdjustment> serviceTiers, Map<String, PriceAdjustment> inferenceGeos) {

    public static final String UNDATED = "undated";
    /** The {@code pricing_tier} of a request that no prompt-size tier applies to. */
    public static final String BASE_TIER = "base";

    public PriceVersion {
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        serviceTiers = serviceTiers == null ? Map.of() : Map.copyOf(serviceTiers);
        inferenceGeos = inferenceGeos == null ? Map.of() : Map.copyOf(inferenceGeos);
        label = label != null ? label : UNDATED;
    }

    /** One undated version of these prices, without tiers or modes. */
    public static PriceVersion of(Prices base) {
        return new PriceVersion(null, null, base, null, null, null);
    }

    /** The tier a request with this many prompt tokens is billed at, or null for the base prices. */
    public PromptTier tierFor(long promptTokens) {
        PromptTier applies = null;
        for (PromptTier t : tiers) {
            if (promptTokens > t.aboveTokens()) {
                applies = t;
            }
        }
        return applies;
    }

    /** The prices of a tier (null: the base prices). */
    public Prices prices(PromptTier tier) {
        return tier == null ? base : tier.adjustment().apply(base);
    }
}
