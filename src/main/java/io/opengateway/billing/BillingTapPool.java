package io.opengateway.billing;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.stereotype.Component;

/**
 * The threads of the billing wireTap ({@code executorService: billingTapPool} in billing.yaml).
 * Each holds one record until the journal has synced it, mostly waiting: the journal writes every
 * record queued meanwhile with one sync, so {@link #THREADS} threads put up to that many records
 * into each sync. Camel's default pool (10 threads, then 1000 queued) would let a burst wait in
 * the queue for many syncs, past the 200 ms in which a record must be durable. Here the queue is
 * short (at most {@link #QUEUE} / {@link #THREADS} syncs of waiting); when it is full the thread
 * that finished the request journals its record itself: a slower thread, never a lost record.
 * <p>
 * The pool is Camel's (its executor service manager shuts it down with the CamelContext), bound in
 * Camel's registry only: a Spring bean that is an Executor would stand in for the application's
 * own task executor. It counts the records handed to it that have not been through the billing
 * route yet, which is what the shutdown waits for ({@link DrainDeadline}).
 */
@Component
public class BillingTapPool implements CamelContextConfiguration {

    static final String NAME = "billingTapPool";
    static final int THREADS = 64;
    static final int QUEUE = 256;

    private final AtomicInteger pending = new AtomicInteger();

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        ExecutorService pool = camel.getExecutorServiceManager().newThreadPool(this, "billing-tap",
                new ThreadPoolProfileBuilder("billing-tap").poolSize(THREADS).maxPoolSize(THREADS)
                        .maxQueueSize(QUEUE).keepAliveTime(60L).allowCoreThreadTimeOut(true)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
        camel.getRegistry().bind(NAME, ExecutorService.class, new Counting(pool, pending));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once the routes run
    }

    /** Records handed to the tap and not yet through the billing route. */
    public int pending() {
        return pending.get();
    }

    /** The pool, counting each task from its hand-over to its end. */
    private static final class Counting extends AbstractExecutorService {

        private final ExecutorService pool;
        private final AtomicInteger pending;

        Counting(ExecutorService pool, AtomicInteger pending) {
            this.pool = pool;
            this.pending = pending;
        }

        @Override
        public void execute(Runnable task) {
            pending.incrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        pending.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                pending.decrementAndGet();
                throw e;
            }
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
