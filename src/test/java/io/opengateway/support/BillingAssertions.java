package io.opengateway.support;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.awaitility.Awaitility;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for a request's billing record (written asynchronously), and checking its money. */
public final class BillingAssertions {

    private BillingAssertions() {
    }

    public static String requestId(HttpResponse<?> r) {
        return r.headers().firstValue("x-request-id").orElseThrow();
    }

    /** The request's record, polled until the journal writer has put it in the database. */
    public static BillingRecord awaitRecord(UsageQueries queries, String requestId) {
        return Awaitility.await("billing record of " + requestId).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> queries.find(requestId), r -> r != null);
    }

    /** Provider cost, fee and total exactly as computed by hand. */
    public static void assertMoney(BillingRecord r, String providerCost, String fee, String total) {
        assertThat(r.cost().providerCost()).as("provider cost").isEqualByComparingTo(new BigDecimal(providerCost));
        assertThat(r.cost().platformFee()).as("platform fee").isEqualByComparingTo(new BigDecimal(fee));
        assertThat(r.cost().total()).as("total").isEqualByComparingTo(new BigDecimal(total));
    }
}
