package io.opengateway.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import io.opengateway.billing.BillingRecord.Rates;
import io.opengateway.billing.UsageEvent.AttemptLine;
import io.opengateway.catalog.Prices;
import io.opengateway.model.Usage;
import io.opengateway.routing.Outcome;

/** Billing records for the journal and store tests, priced by the real calculator. */
final class SampleRecords {

    private static final Instant BASE = Instant.parse("2026-11-26T10:00:00Z");

    private SampleRecords() {
    }

    /** A served request at gpt-4o-like prices, created {@code n} seconds after a fixed instant. */
    static BillingRecord record(String id, int n) {
        BigDecimal input = new BigDecimal("2.50");
        Prices p = new Prices(input, new BigDecimal("1.25"), input, input, new BigDecimal("10.00"));
        return priced(id, "acct-" + (n % 3), "key_" + (n % 3), new Usage(1000 + n, 200 + n, 100, 0, 50), p,
                new BigDecimal("5"), BASE.plusSeconds(n), List.of());
    }

    /** A request that fell back once: its first attempt failed after reporting some tokens. */
    static BillingRecord withFailedAttempt(String id, int n) {
        BillingRecord r = record(id, n);
        UsageEvent e = r.event();
        List<AttemptLine> log = List.of(new AttemptLine(1, "anthropic", "anthropic/claude-sonnet-4-6", 502,
                "overloaded_error", new Usage(25, 1, 0, 0, 0)));
        return new BillingRecord(new UsageEvent(e.requestId(), e.account(), e.keyId(), e.endpoint(),
                "anthropic/claude-sonnet-4-6", e.servedModel(), e.provider(), 2, e.usage(), e.outcome(), e.note(),
                e.streamed(), e.latencyMs(), e.createdAt(), log), r.rates(), r.cost());
    }

    /**
     * A request priced the way today's catalogs price: above a prompt-size tier, fast, in a
     * region the catalog has no price for, at a dated version, with 1-hour cache writes.
     */
    static BillingRecord pricedAsToday(String id) {
        Prices p = new Prices(new BigDecimal("8"), new BigDecimal("0.8"), new BigDecimal("10"), new BigDecimal("16"),
                new BigDecimal("36"));
        Usage u = new Usage(300_000, 2_000, 100_000, 5_000, 500, 3_000, "fast", "us");
        UsageEvent e = new UsageEvent(id, "acct-today", "key_today", "chat", "google/x", "google/x", "google", 1, u,
                Outcome.OK, "a note", true, 321, BASE, List.of(new AttemptLine(1, "openai", "openai/gpt-6-sol", 429,
                        "rate_limited", new Usage(10, 0, 0, 4, 0, 4, null, null))));
        BigDecimal fee = new BigDecimal("5");
        return new BillingRecord(e, new Rates(p, fee, "over_200k", "2026-12-01"), CostCalculator.cost(u, p, fee),
                "inference_geo");
    }

    /** Random usage at random prices and fee (the property test's generators). */
    static BillingRecord random(String id, Random rnd) {
        return priced(id, "acct-prop", "key_prop", CostPropertyTest.randomUsage(rnd), CostPropertyTest.randomPricing(rnd),
                CostPropertyTest.randomFee(rnd), BASE.plusMillis(rnd.nextInt(86_400_000)), List.of());
    }

    static BillingRecord priced(String id, String account, String key, Usage u, Prices p, BigDecimal fee,
            Instant at, List<AttemptLine> log) {
        Rates rates = new Rates(p, fee, "base", "undated");
        UsageEvent e = new UsageEvent(id, account, key, "chat", "openai/gpt-4o", "openai/gpt-4o", "openai",
                1 + log.size(), u, Outcome.OK, null, false, 123, at.truncatedTo(ChronoUnit.MILLIS), log);
        return new BillingRecord(e, rates, CostCalculator.cost(u, p, fee));
    }
}
