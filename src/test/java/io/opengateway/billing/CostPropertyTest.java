package io.opengateway.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Pricing;
import io.opengateway.model.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many random token counts, prices and fees: the calculator agrees with a second computation in
 * whole numbers (no decimals at all), every amount fits the ledger's 18 decimals, and the total is
 * exactly cost plus fee. Fixed seed: a failure can be replayed.
 */
class CostPropertyTest {

    static final long SEED = 20261126L;

    @Test
    void random_usage_and_prices_cost_exactly_what_integer_arithmetic_says() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            Pricing p = randomPricing(rnd);
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

    /** Prices of up to 9 decimals (the most the ledger takes with a one-decimal fee) and up to 1000 USD. */
    static Pricing randomPricing(Random rnd) {
        return new Pricing(price(rnd), price(rnd), rnd.nextBoolean() ? price(rnd) : null,
                rnd.nextBoolean() ? price(rnd) : null);
    }

    static BigDecimal price(Random rnd) {
        return BigDecimal.valueOf(rnd.nextLong(1, 1_000_000_000_000L), rnd.nextInt(0, 10));
    }

    static BigDecimal randomFee(Random rnd) {
        return BigDecimal.valueOf(rnd.nextInt(0, 300), rnd.nextInt(0, 2));
    }

    static Usage randomUsage(Random rnd) {
        long cached = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 2_000_000);
        long write = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 2_000_000);
        long prompt = cached + write + rnd.nextLong(0, 10_000_000);
        long reasoning = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 100_000);
        long completion = reasoning + rnd.nextLong(0, 1_000_000);
        return new Usage(prompt, completion, cached, write, reasoning);
    }

    /** The formula in integers: every price as an integer count of 10^-9 USD per million tokens. */
    private static BigDecimal integerCost(Usage u, Pricing p) {
        BigInteger nanoPerMillion = BigInteger.valueOf(u.promptTokens() - u.cachedTokens() - u.cacheWriteTokens())
                .multiply(nano(p.inputPerMtok()))
                .add(BigInteger.valueOf(u.cachedTokens()).multiply(nano(p.cachedInput())))
                .add(BigInteger.valueOf(u.cacheWriteTokens()).multiply(nano(p.cacheWrite())))
                .add(BigInteger.valueOf(u.completionTokens()).multiply(nano(p.outputPerMtok())));
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
