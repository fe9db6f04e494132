package io.opengateway.billing;

import java.math.BigDecimal;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.opengateway.billing.BillingRecord.Rates;
import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.PriceQuote;
import io.opengateway.catalog.PriceVersion;
import io.opengateway.config.GatewayClock;
import io.opengateway.config.GatewayProperties;
import io.opengateway.model.Usage;

/**
 * The first step of the billing route: prices a usage event at the catalog entry of the model
 * that served (after fallbacks), at the price version in force when the request arrived, the
 * prompt-size tier its prompt reached and the service tier and region the provider reported; and
 * the configured fee. A model without a price is billed at zero and the record says so, never
 * silently. Refuses to start when a catalog price could produce an amount the ledger cannot store
 * exactly, and warns at start-up for every model that has no price now.
 */
@Component("billingPricer")
public class Pricer {

    private static final Logger LOG = LoggerFactory.getLogger(Pricer.class);

    private final Catalog catalog;
    private final BigDecimal feePercent;

    public Pricer(Catalog catalog, GatewayProperties properties, GatewayClock clock) {
        this.catalog = catalog;
        this.feePercent = properties.billing().feePercent();
        CostCalculator.checkScale(catalog, feePercent);
        warnUnpriced(catalog, clock.now());
    }

    private static void warnUnpriced(Catalog catalog, Instant now) {
        for (CatalogEntry e : catalog.all()) {
            if (e.pricing().at(now) == null) {
                PriceVersion next = e.pricing().nextAfter(now);
                LOG.warn("Catalog model {} has no price{}: its requests are billed at zero and their records marked "
                        + "price_missing=model (opengateway_unpriced_requests_total counts them)", e.id(),
                        next == null ? "" : " until " + next.label());
            }
        }
    }

    public BillingRecord price(UsageEvent e) {
        CatalogEntry served = e.servedModel() == null ? null : catalog.find(e.servedModel());
        if (e.servedModel() != null && served == null) {
            // cannot happen: a request is only ever served by a catalog entry of this process
            throw new IllegalStateException("model '" + e.servedModel() + "' of request " + e.requestId()
                    + " is not in the catalog");
        }
        if (served == null) {
            return new BillingRecord(e, null, Cost.ZERO);
        }
        Usage usage = e.usage() == null ? Usage.NONE : e.usage();
        PriceQuote q = served.pricing().quote(e.createdAt(), usage.promptTokens(), usage.serviceTier(),
                usage.inferenceGeo());
        if (q.prices() == null) {
            return new BillingRecord(withNote(e, "no catalog price for " + served.id() + " at " + e.createdAt()
                    + ": billed at zero"), null, Cost.ZERO, q.missing());
        }
        UsageEvent event = e;
        if (q.missing() != null) {
            String mode = q.missing().equals(PriceQuote.MISSING_SERVICE_TIER) ? "service tier '" + usage.serviceTier()
                    : "inference region '" + usage.inferenceGeo();
            event = withNote(e, "the catalog has no price for " + mode + "' of " + served.id()
                    + ": billed at the standard prices");
        }
        Rates rates = new Rates(q.prices(), feePercent, q.tier(), q.version());
        return new BillingRecord(event, rates, CostCalculator.cost(usage, q.prices(), feePercent), q.missing());
    }

    private static UsageEvent withNote(UsageEvent e, String note) {
        return e.withNote(e.note() == null ? note : e.note() + "; " + note);
    }
}
