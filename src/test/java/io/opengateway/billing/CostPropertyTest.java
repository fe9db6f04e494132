package io.opengateway.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.Prices;
import io.opengateway.config.GatewayClock;
import io.opengateway.config.GatewayProperties;
import io.opengateway.model.Usage;
import io.opengateway.routing.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many random usages, prices and fees. The calculator agrees with a second computation in whole
 * numbers; and the whole billing step ({@link Pricer}: version, prompt-size tier, service tier,
 * region, components) agrees with a plain reading of the catalog YAML written here, for the shipped
 * catalog and for random catalogs of every price shape, on both sides of every tier threshold and
 * every dated price change. Fixed seeds: a failure can be replayed.
 */
class CostPropertyTest {

    static final long SEED = 20261126L;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void random_usage_and_prices_cost_exactly_what_integer_arithmetic_says() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            Prices p = randomPricing(rnd);
            BigDecimal fee = randomFee(rnd);
            Usage u = randomUsage(rnd);

            Cost c = CostCalculator.cost(u, p, fee);

            assertThat(c.providerCost()).as("case %d", i).isEqualByComparingTo(integerCost(u, p));
            assertThat(c.platformFee()).as("case %d", i)
                    .isEqualByComparingTo(integerFee(integerCost(u, p), fee));
            assertThat(c.total().compareTo(c.providerCost().add(c.platformFee()))).isZero();
            assertThat(Math.max(0, c.total().stripTrailingZeros().scale())).isLessThanOrEqualTo(CostCalculator.SCALE);
            assertThat(c.total().signum()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void every_shipped_model_is_billed_what_its_catalog_entry_says_on_both_sides_of_its_tiers_and_dates()
            throws Exception {
        JsonNode[] files = {
            YAML.readTree(Path.of("routes/catalog/openai.yaml").toFile()),
            YAML.readTree(Path.of("routes/catalog/anthropic.yaml").toFile()),
            YAML.readTree(Path.of("routes/catalog/google.yaml").toFile())};
        Catalog catalog = new Catalog(Catalog.load("file:routes/catalog/*.yaml"));
        Random rnd = new Random(SEED + 1);
        for (BigDecimal fee : List.of(new BigDecimal("5"), new BigDecimal("2.5"), BigDecimal.ZERO)) {
            Pricer pricer = pricer(catalog, fee);
            for (JsonNode file : files) {
                for (JsonNode entry : file.path("models")) {
                    for (int i = 0; i < 150; i++) {
                        int n = i;
                        checkOne(pricer, entry, fee, rnd, () -> entry.path("id").asText() + " case " + n);
                    }
                }
            }
        }
    }

    @Test
    void random_catalogs_of_every_price_shape_are_billed_what_they_say() throws Exception {
        Random rnd = new Random(SEED + 2);
        for (int c = 0; c < 100; c++) {
            String yaml = RandomCatalogs.of(rnd);
            JsonNode raw = YAML.readTree(yaml);
            Catalog catalog = new Catalog(Catalog.parse(raw, "random.yaml"));
            BigDecimal fee = BigDecimal.valueOf(rnd.nextInt(0, 300), 1);
            Pricer pricer = pricer(catalog, fee);
            for (JsonNode entry : raw.path("models")) {
                for (int i = 0; i < 30; i++) {
                    int cat = c;
                    int n = i;
                    checkOne(pricer, entry, fee, rnd, () -> "catalog " + cat + " case " + n + "\n" + yaml);
                }
            }
        }
    }

    private static Pricer pricer(Catalog catalog, BigDecimal fee) {
        return new Pricer(catalog, new GatewayProperties(Map.of(), null,
                new GatewayProperties.Billing(fee, Path.of("unused"), true, 50000), null, null, null), new GatewayClock());
    }

    /** One random request of this entry, billed by the Pricer and by the plain reading below. */
    private static void checkOne(Pricer pricer, JsonNode entry, BigDecimal fee, Random rnd,
            java.util.function.Supplier<String> what) {
        Instant at = interestingInstant(entry.get("pricing"), rnd);
        Usage u = usageNear(entry.get("pricing"), rnd);
        UsageEvent e = new UsageEvent("req_p", "acct", "key_p", "chat", entry.path("id").asText(),
                entry.path("id").asText(), "p", 1, u, Outcome.OK, null, false, 1, at, List.of());

        BillingRecord r = pricer.price(e);
        Expected x = expected(entry.get("pricing"), at, u);

        assertThat(r.priceMissing()).as(what).isEqualTo(x.missing());
        assertThat(r.cost().providerCost()).as(what).isEqualByComparingTo(x.cost());
        assertThat(r.cost().platformFee()).as(what).isEqualByComparingTo(x.cost().multiply(fee).movePointLeft(2));
        assertThat(r.cost().total()).as(what).isEqualByComparingTo(x.cost().add(x.cost().multiply(fee).movePointLeft(2)));
        if (x.version() != null) {
            assertThat(r.rates().priceVersion()).as(what).isEqualTo(x.version());
            assertThat(r.rates().pricingTier()).as(what).isEqualTo(x.tier());
        } else {
            assertThat(r.rates()).as(what).isNull();
        }
    }

    // ---- the catalog read plainly: which version, which tier, which multipliers, tokens × price ----

    record Expected(BigDecimal cost, String version, String tier, String missing) {
    }

    static Expected expected(JsonNode pricing, Instant at, Usage u) {
        if (pricing == null || pricing.isNull()) {
            return new Expected(BigDecimal.ZERO, null, null, "model");
        }
        JsonNode version = null;
        if (pricing.isObject()) {
            version = pricing;
        } else {
            for (JsonNode v : pricing) {
                if (!v.has("effective_from") || !start(v.get("effective_from").asText()).isAfter(at)) {
                    version = v;
                }
            }
        }
        if (version == null) {
            return new Expected(BigDecimal.ZERO, null, null, "model");
        }
        String[] parts = {"input", "cached_input", "cache_write", "cache_write_1h", "output"};
        BigDecimal[] price = new BigDecimal[5];
        BigDecimal input = new BigDecimal(version.get("input_per_mtok").asText());
        for (int i = 0; i < 5; i++) {
            JsonNode p = version.get(parts[i] + "_per_mtok");
            price[i] = p == null ? input : new BigDecimal(p.asText());
        }
        String tierName = "base";
        JsonNode tier = null;
        for (JsonNode t : version.path("tiers")) {
            if (u.promptTokens() > t.get("above_prompt_tokens").asLong()) {
                tier = t;
            }
        }
        if (tier != null) {
            tierName = tier.has("name") ? tier.get("name").asText() : "above_" + tier.get("above_prompt_tokens").asLong();
            adjust(price, tier, parts);
        }
        String missing = null;
        if (u.serviceTier() != null) {
            JsonNode mode = version.path("service_tiers").get(u.serviceTier());
            if (mode == null) {
                missing = "service_tier";
            } else {
                adjust(price, mode, parts);
            }
        }
        if (u.inferenceGeo() != null) {
            JsonNode geo = version.path("inference_geo").get(u.inferenceGeo());
            if (geo == null) {
                missing = missing == null ? "inference_geo" : missing;
            } else {
                adjust(price, geo, parts);
            }
        }
        long oneHour = Math.min(u.cacheWrite1hTokens(), u.cacheWriteTokens());
        long[] tokens = {Math.max(0, u.promptTokens() - u.cachedTokens() - u.cacheWriteTokens()), u.cachedTokens(),
            u.cacheWriteTokens() - oneHour, oneHour, u.completionTokens()};
        BigDecimal cost = BigDecimal.ZERO;
        for (int i = 0; i < 5; i++) {
            cost = cost.add(BigDecimal.valueOf(tokens[i]).multiply(price[i]).divide(BigDecimal.valueOf(1_000_000)));
        }
        String label = version.has("effective_from") ? version.get("effective_from").asText() : "undated";
        return new Expected(cost, label, tierName, missing);
    }

    /** A price written in the adjustment replaces; otherwise its own factor, or the multiplier, multiplies. */
    private static void adjust(BigDecimal[] price, JsonNode adj, String[] parts) {
        for (int i = 0; i < 5; i++) {
            JsonNode written = adj.get(parts[i] + "_per_mtok");
            JsonNode factor = adj.path("multiply").get(parts[i]);
            if (written != null) {
                price[i] = new BigDecimal(written.asText());
            } else if (factor != null) {
                price[i] = price[i].multiply(new BigDecimal(factor.asText()));
            } else if (adj.has("multiplier")) {
                price[i] = price[i].multiply(new BigDecimal(adj.get("multiplier").asText()));
            }
        }
    }

    private static Instant start(String effectiveFrom) {
        return effectiveFrom.length() == 10 ? LocalDate.parse(effectiveFrom).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(effectiveFrom);
    }

    // ---- generators ----

    /** Just before, at or just after one of the entry's price changes, or anywhere in 2026. */
    private static Instant interestingInstant(JsonNode pricing, Random rnd) {
        List<Instant> dates = new ArrayList<>();
        if (pricing != null && pricing.isArray()) {
            for (JsonNode v : pricing) {
                if (v.has("effective_from")) {
                    dates.add(start(v.get("effective_from").asText()));
                }
            }
        }
        if (dates.isEmpty() || rnd.nextInt(4) == 0) {
            return Instant.parse("2026-01-01T00:00:00Z").plusMillis(rnd.nextLong(366L * 86_400_000));
        }
        Instant d = dates.get(rnd.nextInt(dates.size()));
        return d.plusMillis(rnd.nextLong(-2, 3));
    }

    /** A prompt at one of the entry's thresholds (one below, at, one above) or random; random parts of it cached. */
    private static Usage usageNear(JsonNode pricing, Random rnd) {
        List<Long> thresholds = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        List<String> geos = new ArrayList<>();
        if (pricing != null) {
            for (JsonNode v : pricing.isArray() ? pricing : List.of(pricing)) {
                v.path("tiers").forEach(t -> thresholds.add(t.get("above_prompt_tokens").asLong()));
                v.path("service_tiers").fieldNames().forEachRemaining(modes::add);
                v.path("inference_geo").fieldNames().forEachRemaining(geos::add);
            }
        }
        long prompt = thresholds.isEmpty() || rnd.nextInt(3) == 0 ? rnd.nextLong(0, 2_000_000)
                : thresholds.get(rnd.nextInt(thresholds.size())) + rnd.nextLong(-1, 2);
        long cached = rnd.nextBoolean() ? 0 : rnd.nextLong(0, prompt / 2 + 1);
        long write = rnd.nextBoolean() ? 0 : rnd.nextLong(0, prompt - cached + 1);
        long oneHour = rnd.nextBoolean() ? 0 : rnd.nextLong(0, write + 1);
        long reasoning = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 100_000);
        long completion = reasoning + rnd.nextLong(0, 200_000);
        String tier = pick(rnd, modes, "scale");
        String geo = pick(rnd, geos, "eu");
        return new Usage(prompt, completion, cached, write, reasoning, oneHour, tier, geo);
    }

    /** Mostly none (standard); sometimes one the catalog prices; sometimes one it does not. */
    private static String pick(Random rnd, List<String> known, String unknown) {
        int r = rnd.nextInt(10);
        if (r < 5) {
            return null;
        }
        if (r < 9 && !known.isEmpty()) {
            return known.get(rnd.nextInt(known.size()));
        }
        return r == 9 ? unknown : null;
    }

    // ---- the flat generators the journal and store tests share ----

    /** Prices of up to 9 decimals (the most the ledger takes with a one-decimal fee) and up to 1000 USD. */
    static Prices randomPricing(Random rnd) {
        BigDecimal input = price9(rnd);
        return new Prices(input, rnd.nextBoolean() ? price9(rnd) : input, rnd.nextBoolean() ? price9(rnd) : input,
                rnd.nextBoolean() ? price9(rnd) : input, price9(rnd));
    }

    static BigDecimal price9(Random rnd) {
        return BigDecimal.valueOf(rnd.nextLong(1, 1_000_000_000_000L), rnd.nextInt(0, 10));
    }

    static BigDecimal randomFee(Random rnd) {
        return BigDecimal.valueOf(rnd.nextInt(0, 300), rnd.nextInt(0, 2));
    }

    static Usage randomUsage(Random rnd) {
        long cached = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 2_000_000);
        long write = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 2_000_000);
        long oneHour = rnd.nextBoolean() ? 0 : rnd.nextLong(0, write + 1);
        long prompt = cached + write + rnd.nextLong(0, 10_000_000);
        long reasoning = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 100_000);
        long completion = reasoning + rnd.nextLong(0, 1_000_000);
        return new Usage(prompt, completion, cached, write, reasoning, oneHour, null, null);
    }

    /** The formula in integers: every price as an integer count of 10^-9 USD per million tokens. */
    private static BigDecimal integerCost(Usage u, Prices p) {
        long oneHour = u.cacheWrite1hTokens();
        BigInteger nanoPerMillion = BigInteger.valueOf(u.promptTokens() - u.cachedTokens() - u.cacheWriteTokens())
                .multiply(nano(p.input()))
                .add(BigInteger.valueOf(u.cachedTokens()).multiply(nano(p.cachedInput())))
                .add(BigInteger.valueOf(u.cacheWriteTokens() - oneHour).multiply(nano(p.cacheWrite())))
                .add(BigInteger.valueOf(oneHour).multiply(nano(p.cacheWrite1h())))
                .add(BigInteger.valueOf(u.completionTokens()).multiply(nano(p.output())));
        return new BigDecimal(nanoPerMillion, 9 + 6);
    }

    private static BigDecimal integerFee(BigDecimal cost, BigDecimal fee) {
        BigInteger tenthsOfPercent = fee.movePointRight(1).toBigIntegerExact();
        BigInteger costUnits = cost.movePointRight(15).toBigIntegerExact();
        return new BigDecimal(costUnits.multiply(tenthsOfPercent), 15 + 1 + 2);
    }

    private static BigInteger nano(BigDecimal price) {
        return price.movePointRight(9).toBigIntegerExact();
    }
}
