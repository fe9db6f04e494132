package io.opengateway.billing;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.opengateway.stream.SseRelay;

/**
 * What SIGTERM does to a stream that outlives the drain time. Spring Boot's graceful shutdown
 * waits {@code spring.lifecycle.timeout-per-shutdown-phase} for open requests, then stops the web
 * server and Camel; a stream still open then would end with no record (its completion comes after
 * the billing route stopped). This lifecycle step runs between the two: it cuts every stream still
 * open ({@link SseRelay#cut}: the client gets an error event, the record says {@code cancelled}
 * with the usage the provider reported so far) and waits, at most {@link #BILLING_WAIT}, until
 * their records have gone through the billing route.
 * <p>
 * Open streams are found in Camel's inflight repository: an exchange stays there, with the relay
 * as its body, until platform-http has written the stream to its end.
 */
@Component
public class DrainDeadline implements SmartLifecycle, CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DrainDeadline.class);
    /** After the web server's graceful drain (DEFAULT_PHASE - 1024), before it stops (- 2048) and Camel stops (- 2049). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;
    static final Duration BILLING_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MS = 20;

    private final BillingTapPool billingTap;
    private volatile CamelContext camel;
    private volatile boolean running;

    public DrainDeadline(BillingTapPool billingTap) {
        this.billingTap = billingTap;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        this.camel = context;
        // the inflight exchanges are only listed when asked for before they arrive
        context.getInflightRepository().setInflightBrowseEnabled(true);
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing to do once the routes run
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        CamelContext context = camel;
        if (context == null) {
            return;
        }
        InflightRepository inflight = context.getInflightRepository();
        Set<String> cut = new HashSet<>();
        for (InflightRepository.InflightExchange i : inflight.browse()) {
            Exchange exchange = i.getExchange();
            if (exchange.getMessage().getBody() instanceof SseRelay relay) {
                relay.cut();
                cut.add(exchange.getExchangeId());
            }
        }
        if (cut.isEmpty()) {
            return;
        }
        LOG.warn("The drain time is up with {} stream(s) still open: they are cut now and billed as cancelled", cut.size());
        long deadline = System.nanoTime() + BILLING_WAIT.toNanos();
        while (!billed(inflight, cut)) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("The cut streams' records were not all journaled within {}; Camel's own shutdown waits for the rest",
                        BILLING_WAIT);
                return;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("The {} cut stream(s) are billed", cut.size());
    }

    /** The cut exchanges are complete and every record the tap took has been through the billing route. */
    private boolean billed(InflightRepository inflight, Set<String> cut) {
        for (InflightRepository.InflightExchange i : inflight.browse()) {
            if (cut.contains(i.getExchange().getExchangeId())) {
                return false;
            }
        }
        return billingTap.pending() == 0;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
