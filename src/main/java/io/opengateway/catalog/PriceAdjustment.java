package io.opengateway.catalog;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

import io.opengateway.catalog.Prices.Part;

/**
 * How a prompt-size tier, a service tier or an inference region changes the prices before it:
 * a component's price written here replaces it; otherwise it is multiplied by the component's
 * own factor ({@code multiply}), or else by {@code multiplier} (every component), or left as it
 * is. Exact decimals, so an adjusted price is still a finite decimal the ledger can hold.
 */
public record PriceAdjustment(Map<Part, BigDecimal> prices, BigDecimal multiplier,
        Map<Part, BigDecimal> multiply) {

    public PriceAdjustment {
        prices = prices == null || prices.isEmpty() ? Map.of() : new EnumMap<>(prices);
        multiply = multiply == null || multiply.isEmpty() ? Map.of() : new EnumMap<>(multiply);
    }

    /** Every component times {@code factor}. */
    public static PriceAdjustment times(String factor) {
        return new PriceAdjustment(null, new BigDecimal(factor), null);
    }

    public Prices apply(Prices before) {
        Map<Part, BigDecimal> out = new EnumMap<>(Part.class);
        for (Part c : Part.values()) {
            BigDecimal replaced = prices.get(c);
            if (replaced != null) {
                out.put(c, replaced);
            } else {
                BigDecimal factor = multiply.getOrDefault(c, multiplier);
                out.put(c, factor == null ? before.get(c) : before.get(c).multiply(factor));
            }
        }
        return Prices.of(out);
    }
}
