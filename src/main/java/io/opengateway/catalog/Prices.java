package io.opengateway.catalog;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One set of prices, USD per million tokens, for the five components a provider bills: uncached
 * input, cache reads, cache writes kept 5 minutes (Anthropic; OpenAI's default 30-minute writes),
 * cache writes kept 1 hour (Anthropic), and output (reasoning included). All five are always set:
 * the catalog parser fills a cache price it leaves out with the input price (docs/api.md).
 */
public record Prices(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
        BigDecimal output) {

    /** A billed component; {@code key} is its name in the catalog, the API and the record. */
    public enum Part {
        INPUT("input"), CACHED_INPUT("cached_input"), CACHE_WRITE("cache_write"), CACHE_WRITE_1H("cache_write_1h"),
        OUTPUT("output");

        private final String key;

        Part(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The catalog's price field of this component: {@code input_per_mtok} … */
        public String field() {
            return key + "_per_mtok";
        }
    }

    public Prices {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(cachedInput, "cachedInput");
        Objects.requireNonNull(cacheWrite, "cacheWrite");
        Objects.requireNonNull(cacheWrite1h, "cacheWrite1h");
        Objects.requireNonNull(output, "output");
    }

    /** Input and output only: every cache price is the input price. */
    public static Prices of(BigDecimal input, BigDecimal output) {
        return new Prices(input, input, input, input, output);
    }

    public BigDecimal get(Part c) {
        return switch (c) {
            case INPUT -> input;
            case CACHED_INPUT -> cachedInput;
            case CACHE_WRITE -> cacheWrite;
            case CACHE_WRITE_1H -> cacheWrite1h;
            case OUTPUT -> output;
        };
    }

    static Prices of(Map<Part, BigDecimal> m) {
        return new Prices(m.get(Part.INPUT), m.get(Part.CACHED_INPUT), m.get(Part.CACHE_WRITE),
                m.get(Part.CACHE_WRITE_1H), m.get(Part.OUTPUT));
    }

    Map<Part, BigDecimal> asMap() {
        Map<Part, BigDecimal> m = new EnumMap<>(Part.class);
        for (Part c : Part.values()) {
            m.put(c, get(c));
        }
        return m;
    }
}
