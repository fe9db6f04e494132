package io.opengateway.spend;

import java.math.BigDecimal;

/**
 * The limits and budgets of one scope (a key or an account); null is no limit. Budgets are USD per
 * UTC day, per UTC calendar month and for the scope's whole life.
 */
public record Controls(Integer requestsPerMinute, Long tokensPerMinute, Integer maxConcurrent,
        BigDecimal dailyUsd, BigDecimal monthlyUsd, BigDecimal lifetimeUsd) {

    public static final Controls NONE = new Controls(null, null, null, null, null, null);

    public boolean none() {
        return requestsPerMinute == null && tokensPerMinute == null && maxConcurrent == null && !budgeted();
    }

    public boolean budgeted() {
        return dailyUsd != null || monthlyUsd != null || lifetimeUsd != null;
    }
}
