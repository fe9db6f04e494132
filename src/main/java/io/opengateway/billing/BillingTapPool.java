package io.opengateway.billing;

import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads of the billing wireTap ({@code executorService: billingTapPool} in billing.yaml).
 * Each holds one record until the journal has synced it, mostly waiting: the journal writes every
 * record queued meanwhile with one sync, so {@link #THREADS} threads put up to that many records
 * into each sync. Camel's default pool (10 threads, then 1000 queued) would let a burst wait in
 * the queue for many syncs, past the 200 ms in which a record must be durable. Here the queue is
 * short (at most {@link #QUEUE} / {@link #THREADS} syncs of waiting); when it is full the thread
 * that finished the request journals its record itself: a slower thread, never a lost record.
 */
@Configuration(proxyBeanMethods = false)
public class BillingTapPool {

    static final int THREADS = 64;
    static final int QUEUE = 256;

    /** Made by Camel's executor service manager, which also shuts it down with the CamelContext. */
    @Bean(name = "billingTapPool", destroyMethod = "")
    public ExecutorService billingTapPool(CamelContext camel) {
        return camel.getExecutorServiceManager().newThreadPool(this, "billing-tap",
                new ThreadPoolProfileBuilder("billing-tap").poolSize(THREADS).maxPoolSize(THREADS)
                        .maxQueueSize(QUEUE).keepAliveTime(60L).allowCoreThreadTimeOut(true)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
    }
}
