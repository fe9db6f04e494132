package io.opengateway.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.catalog.Prices.Part;

/**
 * Reads a catalog entry's {@code pricing}: one price map, or a list of them with
 * {@code effective_from} dates; each with optional prompt-size {@code tiers},
 * {@code service_tiers} and {@code inference_geo} adjustments (docs/api.md, "Catalog prices").
 * Every price and factor is a quoted decimal string; an unknown key is refused, so a misspelt
 * price cannot silently become the input price.
 */
final class PricingParser {

    private static final Pattern MODE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Set<String> STANDARD_MODES = Set.of("standard", "default", "auto", "global");
    private static final Set<String> VERSION_KEYS = Set.of("effective_from", "input_per_mtok", "output_per_mtok",
            "cached_input_per_mtok", "cache_write_per_mtok", "cache_write_1h_per_mtok", "tiers", "service_tiers",
            "inference_geo");
    private static final Set<String> TIER_KEYS = Set.of("name", "above_prompt_tokens", "input_per_mtok",
            "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok", "cache_write_1h_per_mtok",
            "multiplier", "multiply");
    private static final Set<String> MODE_KEYS = Set.of("input_per_mtok", "output_per_mtok", "cached_input_per_mtok",
            "cache_write_per_mtok", "cache_write_1h_per_mtok", "multiplier", "multiply");

    private final String file;

    PricingParser(String file) {
        this.file = file;
    }

    Pricing parse(JsonNode pricing, String at) {
        if (pricing == null || pricing.isNull() || pricing.isMissingNode()) {
            return Pricing.NONE; // the start-up log and every record of this model say so
        }
        if (pricing.isObject()) {
            return new Pricing(List.of(version(pricing, at)));
        }
        if (!pricing.isArray() || pricing.isEmpty()) {
            throw invalid(at, "must be a price map, or a list of them with 'effective_from' dates");
        }
        List<PriceVersion> versions = new ArrayList<>();
        for (int i = 0; i < pricing.size(); i++) {
            String here = at + "[" + i + "]";
            PriceVersion v = version(pricing.get(i), here);
            if (i > 0 && v.effectiveFrom() == null) {
                throw invalid(here + ".effective_from", "is required on every price version but the first");
            }
            if (i > 0 && versions.get(i - 1).effectiveFrom() != null
                    && !v.effectiveFrom().isAfter(versions.get(i - 1).effectiveFrom())) {
                throw invalid(here + ".effective_from",
                        "must be later than the version before it (list them in date order)");
            }
            versions.add(v);
        }
        return new Pricing(versions);
    }

    private PriceVersion version(JsonNode v, String at) {
        if (!v.isObject()) {
            throw invalid(at, "must be a map of prices");
        }
        keys(v, VERSION_KEYS, at);
        String label = null;
        Instant from = null;
        if (v.hasNonNull("effective_from")) {
            label = text(v.get("effective_from"), at + ".effective_from");
            from = instant(label, at + ".effective_from");
        }
        BigDecimal input = price(v, "input_per_mtok", at, true);
        Map<Part, BigDecimal> base = new EnumMap<>(Part.class);
        base.put(Part.INPUT, input);
        base.put(Part.OUTPUT, price(v, "output_per_mtok", at, true));
        // a cache price left out is the input price (docs/api.md)
        for (Part c : new Part[] {Part.CACHED_INPUT, Part.CACHE_WRITE, Part.CACHE_WRITE_1H}) {
            BigDecimal p = price(v, c.field(), at, false);
            base.put(c, p == null ? input : p);
        }
        return new PriceVersion(from, label, Prices.of(base), tiers(v.get("tiers"), at + ".tiers"),
                modes(v.get("service_tiers"), at + ".service_tiers"),
                modes(v.get("inference_geo"), at + ".inference_geo"));
    }

    private List<PromptTier> tiers(JsonNode tiers, String at) {
        List<PromptTier> out = new ArrayList<>();
        if (tiers == null || tiers.isNull()) {
            return out;
        }
        if (!tiers.isArray()) {
            throw invalid(at, "must be a list of prompt-size tiers");
        }
        for (int i = 0; i < tiers.size(); i++) {
            JsonNode t = tiers.get(i);
            String here = at + "[" + i + "]";
            if (!t.isObject()) {
                throw invalid(here, "must be a map with 'above_prompt_tokens' and the prices or multipliers");
            }
            keys(t, TIER_KEYS, here);
            JsonNode above = t.get("above_prompt_tokens");
            if (above == null || !above.canConvertToLong() || above.asLong() <= 0) {
                throw invalid(here + ".above_prompt_tokens", "must be a positive whole number of prompt tokens");
            }
            long threshold = above.asLong();
            if (!out.isEmpty() && threshold <= out.get(out.size() - 1).aboveTokens()) {
                throw invalid(here + ".above_prompt_tokens", "must be larger than the tier before it");
            }
            String name = t.hasNonNull("name") ? text(t.get("name"), here + ".name") : "above_" + threshold;
            if (name.length() > 60) {
                throw invalid(here + ".name", "must be at most 60 characters (records name the tier)");
            }
            out.add(new PromptTier(name, threshold, adjustment(t, here)));
        }
        return out;
    }

    private Map<String, PriceAdjustment> modes(JsonNode modes, String at) {
        Map<String, PriceAdjustment> out = new LinkedHashMap<>();
        if (modes == null || modes.isNull()) {
            return out;
        }
        if (!modes.isObject()) {
            throw invalid(at, "must be a map from the name the provider reports to its prices or multipliers");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = modes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String here = at + "." + e.getKey();
            if (!MODE.matcher(e.getKey()).matches() || STANDARD_MODES.contains(e.getKey())) {
                throw invalid(here, "must be a lower-case name other than " + STANDARD_MODES
                        + " (those are the standard prices)");
            }
            if (!e.getValue().isObject()) {
                throw invalid(here, "must be a map with 'multiplier', 'multiply' or prices");
            }
            keys(e.getValue(), MODE_KEYS, here);
            out.put(e.getKey(), adjustment(e.getValue(), here));
        }
        return out;
    }

    private PriceAdjustment adjustment(JsonNode n, String at) {
        Map<Part, BigDecimal> prices = new EnumMap<>(Part.class);
        for (Part c : Part.values()) {
            BigDecimal p = price(n, c.field(), at, false);
            if (p != null) {
                prices.put(c, p);
            }
        }
        BigDecimal multiplier = n.has("multiplier") ? factor(n.get("multiplier"), at + ".multiplier") : null;
        Map<Part, BigDecimal> multiply = new EnumMap<>(Part.class);
        JsonNode m = n.get("multiply");
        if (m != null && !m.isNull()) {
            if (!m.isObject()) {
                throw invalid(at + ".multiply", "must be a map from component to factor");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Part c = component(e.getKey(), at + ".multiply." + e.getKey());
                multiply.put(c, factor(e.getValue(), at + ".multiply." + e.getKey()));
            }
        }
        if (prices.isEmpty() && multiplier == null && multiply.isEmpty()) {
            throw invalid(at, "must set prices, a 'multiplier' or a 'multiply' map");
        }
        return new PriceAdjustment(prices, multiplier, multiply);
    }

    private Part component(String key, String at) {
        for (Part c : Part.values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw invalid(at, "is not a price component: use input, cached_input, cache_write, cache_write_1h or output");
    }

    private BigDecimal factor(JsonNode v, String at) {
        BigDecimal f = decimal(v, at, "\"2\" or \"0.5\"");
        if (f.signum() <= 0) {
            throw invalid(at, "must be more than zero");
        }
        return f;
    }

    private BigDecimal price(JsonNode node, String field, String at, boolean required) {
        JsonNode v = node.get(field);
        String here = at + "." + field;
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(here, "is required (USD per million tokens, a decimal string)");
            }
            return null;
        }
        BigDecimal d = decimal(v, here, "\"2.50\"");
        if (d.signum() < 0) {
            throw invalid(here, "must not be negative");
        }
        return d;
    }

    private BigDecimal decimal(JsonNode v, String at, String example) {
        if (!v.isTextual()) {
            // YAML has already turned an unquoted number into a double (or an int read by YAML's
            // own rules: 010 is 8): the exact value as written is gone
            throw invalid(at, "must be a decimal string in quotes, like " + example + ", "
                    + "not a YAML number (read as " + v + ", which may not be the value written)");
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw invalid(at, "must be a decimal string like " + example + " (got '" + v.asText() + "')");
        }
    }

    private Instant instant(String s, String at) {
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid(at, "must be a date (2026-12-01, from midnight UTC) or an instant (2026-12-01T08:00:00Z), "
                    + "got '" + s + "'");
        }
    }

    private String text(JsonNode v, String at) {
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(at, "must be a string in quotes");
        }
        return v.asText();
    }

    private void keys(JsonNode n, Set<String> allowed, String at) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                String known = String.join(", ", allowed.stream().sorted().toList());
                throw invalid(at + "." + k, "is not a pricing field here (allowed: " + known + ")");
            }
        }
    }

    private IllegalStateException invalid(String field, String why) {
        return new IllegalStateException("Catalog file '" + file + "': " + field + " " + why);
    }
}
