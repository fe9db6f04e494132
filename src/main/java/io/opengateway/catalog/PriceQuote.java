package io.opengateway.catalog;

/**
 * The prices one request is billed at and where they came from: the price version in force when
 * it was served, the prompt-size tier, and the service tier and inference region the provider
 * reported. {@code missing} says what had no catalog price, or is null: {@code model} (no price
 * in force: {@code prices} is null and the request costs nothing until priced by hand),
 * {@code service_tier} or {@code inference_geo} (billed at the standard prices).
 */
public record PriceQuote(Prices prices, String version, String tier, String missing) {

    public static final String MISSING_MODEL = "model";
    public static final String MISSING_SERVICE_TIER = "service_tier";
    public static final String MISSING_INFERENCE_GEO = "inference_geo";

    static final PriceQuote NO_PRICE = new PriceQuote(null, null, null, MISSING_MODEL);
}
