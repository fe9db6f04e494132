package io.opengateway.billing;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The executor of the billing wireTap ({@code executorService: billingTapPool} in billing.yaml):
 * it hands each task to the journal's writer thread ({@link BillingJournal#execute}), which runs
 * the billing route up to its journal step and resumes it after the group sync. So a request
 * costs one hand-off and no thread waits for a sync (a pool of 64 threads, each parked through
 * the sync of its record, cost three hand-offs and a third more context switches per request).
 * When the writer's queue is full the request's thread waits for room: a slower thread, never a
 * lost record.
 * <p>
 * Bound in Camel's registry only: a Spring bean that is an Executor would stand in for the
 * application's own task executor. It counts the records handed to it that have not been through
 * the billing route yet, which is what the shutdown waits for ({@link DrainDeadline}).
 */
@Component
public class BillingTapPool implements CamelContextConfiguration {

    static final String NAME = "billingTapPool";
    /** The billing route's id (billing.yaml): its exchanges in flight wait for their sync. */
    private static final String ROUTE = "billing";

    private final BillingJournal journal;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile CamelContext camel;

    public BillingTapPool(BillingJournal journal) {
        this.journal = journal;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        this.camel = context;
        context.getRegistry().bind(NAME, ExecutorService.class, new ToJournalWriter(journal, queued));
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing to do once the routes run
    }

    /**
     * Records handed to the tap and not yet through the billing route: tasks the writer has not
     * run, and exchanges in the route (waiting for their sync, or for a retry of a failed write).
     * A task counts until it has run, and by then its exchange is in the route: no gap.
     */
    public int pending() {
        CamelContext context = camel;
        return queued.get() + (context == null ? 0 : context.getInflightRepository().size(ROUTE));
    }

    /** Runs each task on the journal writer, counting it from its hand-over until it has run. */
    private static final class ToJournalWriter extends AbstractExecutorService {

        private final BillingJournal journal;
        private final AtomicInteger queued;
        private volatile boolean shutdown;

        ToJournalWriter(BillingJournal journal, AtomicInteger queued) {
            this.journal = journal;
            this.queued = queued;
        }

        @Override
        public void execute(Runnable task) {
            queued.incrementAndGet();
            try {
                journal.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        queued.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                queued.decrementAndGet();
                throw e;
            }
        }

        // the journal's writer outlives Camel (it closes after it), so there is nothing to stop here
        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown && queued.get() == 0;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return isTerminated();
        }
    }
}
