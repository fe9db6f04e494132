package io.opengateway.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A catalog entry's prices over time: its price versions in order of {@code effective_from}. A
 * request is priced at the version in force when it was served, so a dated change in the catalog
 * applies from its date and never re-prices what was served before. Empty: the model has no price.
 */
public record Pricing(List<PriceVersion> versions) {

    public static final Pricing NONE = new Pricing(List.of());

    public Pricing {
        versions = List.copyOf(versions);
    }

    /** One undated version without tiers or modes (tests and simple catalogs). */
    public static Pricing of(Prices prices) {
        return new Pricing(List.of(PriceVersion.of(prices)));
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** The version in force at {@code at}, or null when there is none yet. */
    public PriceVersion at(Instant at) {
        PriceVersion in = null;
        for (PriceVersion v : versions) {
            if (v.effectiveFrom() == null || !v.effectiveFrom().isAfter(at)) {
                in = v;
            }
        }
        return in;
    }

    /** The first version that starts after {@code at}: the next known price change, or null. */
    public PriceVersion nextAfter(Instant at) {
        for (PriceVersion v : versions) {
            if (v.effectiveFrom() != null && v.effectiveFrom().isAfter(at)) {
                return v;
            }
        }
        return null;
    }

    /**
     * The prices of a request served at {@code at} with this many prompt tokens, in the service
     * tier and inference region the provider reported (null: standard). The prompt-size tier sets
     * the prices; the service tier's adjustment applies to those, the region's to the result. A
     * mode the version has no price for is billed at the standard prices and named as missing.
     */
    public PriceQuote quote(Instant at, long promptTokens, String serviceTier, String inferenceGeo) {
        PriceVersion v = at(at);
        if (v == null) {
            return PriceQuote.NO_PRICE;
        }
        PromptTier tier = v.tierFor(promptTokens);
        Prices prices = v.prices(tier);
        String missing = null;
        if (serviceTier != null) {
            PriceAdjustment a = v.serviceTiers().get(serviceTier);
            if (a == null) {
                missing = PriceQuote.MISSING_SERVICE_TIER;
            } else {
                prices = a.apply(prices);
            }
        }
        if (inferenceGeo != null) {
            PriceAdjustment a = v.inferenceGeos().get(inferenceGeo);
            if (a == null) {
                missing = missing == null ? PriceQuote.MISSING_INFERENCE_GEO : missing;
            } else {
                prices = a.apply(prices);
            }
        }
        return new PriceQuote(prices, v.label(), tier == null ? PriceVersion.BASE_TIER : tier.name(), missing);
    }
}
