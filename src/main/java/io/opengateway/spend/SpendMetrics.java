package io.opengateway.spend;

import java.math.BigDecimal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Spend control's meters. Unlike the request meters, some name a scope (an account or a key): only
 * scopes an admin gave limits or budgets to, so their number is the operator's, not the traffic's.
 * <ul>
 * <li>{@code opengateway_spend_rejections_total{reason}}: requests refused, {@code reason} =
 * {@code requests}, {@code tokens}, {@code concurrency}, {@code budget}, {@code store_down};</li>
 * <li>{@code opengateway_spend_store_errors_total{store}}: checks the shared store could not answer;</li>
 * <li>{@code opengateway_account_spend_usd_total{account}}: what the controlled accounts spent (billed cost);</li>
 * <li>{@code opengateway_budget_remaining_usd{scope,period}}: the headroom last seen by this replica.</li>
 * </ul>
 */
@Component
public class SpendMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> rejections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> spend = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicReference<Double>> remaining = new ConcurrentHashMap<>();
    private final Counter storeErrors;

    public SpendMetrics(MeterRegistry registry, SharedStore store) {
        this.registry = registry;
        this.storeErrors = Counter.builder("opengateway_spend_store_errors_total")
                .description("Spend-control checks the shared store could not answer")
                .tag("store", store.kind().name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }

    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> Counter.builder("opengateway_spend_rejections_total")
                .description("Requests refused by spend control").tag("reason", r).register(registry)).increment();
    }

    public void storeError() {
        storeErrors.increment();
    }

    public void spent(String account, BigDecimal usd) {
        spend.computeIfAbsent(account, a -> Counter.builder("opengateway_account_spend_usd_total")
                .description("Billed cost of accounts with limits or budgets").tag("account", a).register(registry))
                .increment(usd.doubleValue());
    }

    public void remaining(String scope, String period, BigDecimal usd) {
        remaining.computeIfAbsent(scope + "|" + period, k -> {
            AtomicReference<Double> v = new AtomicReference<>(0.0);
            Gauge.builder("opengateway_budget_remaining_usd", v, AtomicReference::get)
                    .description("Budget left (budget - ledger - in flight), as last checked on this replica")
                    .tags("scope", scope, "period", period).register(registry);
            return v;
        }).set(usd.doubleValue());
    }
}
