package io.opengateway.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One routable model. {@code id} is {@code <provider>/<model>}; the provider is called with the
 * part after the first slash. {@code capabilities} are dialect hints ("structured_outputs",
 * "thinking_level", ...) so translation can differ per model without code per model. An entry
 * without prices is routable; its requests are billed at zero and marked (docs/api.md, "Billing").
 * {@code shutdownDate} and {@code replacement} are the provider's announced shutdown of a deprecated
 * model (null for a model without one); {@code efforts} the reasoning levels the model accepts, lowest
 * first (empty: the model takes no effort level).
 */
public record CatalogEntry(String id, String ownedBy, long contextWindow, Long maxOutputTokens, Pricing pricing,
        Set<String> capabilities, LocalDate shutdownDate, String replacement, List<String> efforts) {

    public CatalogEntry {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        pricing = pricing == null ? Pricing.NONE : pricing;
        efforts = efforts == null ? List.of() : List.copyOf(efforts);
    }

    public CatalogEntry(String id, String ownedBy, long contextWindow, Long maxOutputTokens, Pricing pricing,
            Set<String> capabilities) {
        this(id, ownedBy, contextWindow, maxOutputTokens, pricing, capabilities, null, null, List.of());
    }

    public String provider() {
        return id.substring(0, id.indexOf('/'));
    }

    public String upstreamModel() {
        return id.substring(id.indexOf('/') + 1);
    }

    public boolean has(String capability) {
        return capabilities.contains(capability);
    }
}
