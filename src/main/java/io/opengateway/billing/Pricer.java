package io.opengateway.billing;

import java.math.BigDecimal;

import org.springframework.stereotype.Component;

import io.opengateway.billing.BillingRecord.Rates;
import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.Pricing;
import io.opengateway.config.GatewayProperties;
import io.opengateway.model.Usage;

/**
 * The first step of the billing route: prices a usage event at the catalog entry of the model
 * that served (after fallbacks) and the configured fee. Refuses to start when a catalog price
 * could produce an amount the ledger cannot store exactly.
 */
@Component("billingPricer")
public class Pricer {

    private final Catalog catalog;
    private final BigDecimal feePercent;

    public Pricer(Catalog catalog, GatewayProperties properties) {
        this.catalog = catalog;
        this.feePercent = properties.billing().feePercent();
        CostCalculator.checkScale(catalog, feePercent);
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
        Pricing p = served.pricing();
        Rates rates = new Rates(p.inputPerMtok(), p.outputPerMtok(), p.cachedInput(), p.cacheWrite(), feePercent);
        return new BillingRecord(e, rates, CostCalculator.cost(e.usage() == null ? Usage.NONE : e.usage(), p, feePercent));
    }
}
