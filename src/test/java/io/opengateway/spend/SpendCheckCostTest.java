package io.opengateway.spend;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.auth.ApiKeyStore;
import io.opengateway.catalog.Catalog;
import io.opengateway.routing.AttemptRecord;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.RequestContext;
import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the check itself costs a request on the embedded default (in-process counters, the ledger
 * totals in H2): admission and settlement of a key with every limit and a budget, timed one request
 * at a time, against the 0.2 ms at the median that spend control may add (src/bench/spend.sh
 * measures it end to end, where a loaded machine's noise is larger than the check).
 */
class SpendCheckCostTest extends GatewayTestBase {

    @Autowired
    SpendControl control;
    @Autowired
    ControlStore controls;
    @Autowired
    Catalog catalog;
    @Autowired
    SharedStore store;

    @Test
    void admission_and_settlement_add_less_than_a_fifth_of_a_millisecond_at_the_median() {
        ApiKeyStore.Created key = keys.create("cost-" + UUID.randomUUID(), "cost");
        controls.put("key:" + key.key().id(), new Controls(1_000_000_000, 1_000_000_000_000L, 100_000, null,
                new BigDecimal("1000000"), null));
        int n = 20_000;
        long[] took = new long[n];
        for (int i = 0; i < n; i++) {
            InboundRequest request = new InboundRequest("req_" + i, Endpoint.CHAT).withApiKey(key.key())
                    .withPlan(List.of(catalog.find("openai/gpt-4o-mini"))).withBodyBytes(120);
            RequestContext ctx = new RequestContext(request, new AttemptRecord(request.startNanos()));
            long t0 = System.nanoTime();
            SpendControl.Hold hold = control.admit(ctx);
            control.settle(hold, 29, new BigDecimal("0.0000092925"));
            store.inFlight().recorded(ctx.request().requestId(), hold.scopes()); // what the billing store's callback does
            took[i] = System.nanoTime() - t0;
            assertThat(hold).isNotNull();
        }
        long[] measured = Arrays.copyOfRange(took, n / 2, n); // the second half: after the JIT has compiled it
        Arrays.sort(measured);
        long p50 = measured[measured.length / 2];
        System.out.printf("spend check (admit + settle), in-process store and H2 ledger: p50 %.1f µs, p99 %.1f µs%n",
                p50 / 1000.0, measured[measured.length * 99 / 100] / 1000.0);
        assertThat(p50).isLessThan(200_000);
    }
}
