package io.opengateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import io.opengateway.billing.BillingJournal;
import io.opengateway.config.GatewayProperties;

/**
 * The billing backlog: records on local disk that the database does not have yet. It is the
 * gauge {@code opengateway.billing.backlog} and a readiness indicator ({@code billingBacklog}):
 * past {@code opengateway.billing.max-ready-backlog} records the pod stops taking traffic, so a
 * database that has been away too long fills no disk; the records already there still drain.
 */
@Component("billingBacklog")
public class BillingBacklogHealth implements HealthIndicator {

    private final BillingJournal journal;
    private final long limit;

    public BillingBacklogHealth(BillingJournal journal, GatewayProperties properties, MeterRegistry registry) {
        this.journal = journal;
        this.limit = properties.billing().maxReadyBacklog();
        Gauge.builder("opengateway.billing.backlog", journal, BillingJournal::backlog).baseUnit("records")
                .description("Billing records journaled on local disk and not yet in the database")
                .register(registry);
    }

    @Override
    public Health health() {
        long backlog = journal.backlog();
        Health.Builder h = backlog > limit ? Health.outOfService() : Health.up();
        return h.withDetail("backlog", backlog).withDetail("limit", limit).build();
    }
}
