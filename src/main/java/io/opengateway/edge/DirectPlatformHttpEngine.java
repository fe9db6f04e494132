package io.opengateway.edge;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * platform-http's Spring Boot engine, with consumers that {@link DirectDispatch} can run without
 * Spring MVC. The consumers are the starter's own (its binding reads the request and writes the
 * answer, a stream chunk by chunk), so Spring MVC's handler mapping still knows them and answers
 * for them whatever the filter leaves to it. The executor is chosen as the starter chooses it:
 * Spring's task executor, the virtual-thread one where virtual threads are on.
 */
public final class DirectPlatformHttpEngine implements PlatformHttpEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DirectPlatformHttpEngine.class);

    private final int port;
    private final Executor executor;

    public DirectPlatformHttpEngine(int port, List<Executor> executors, boolean virtualThreads) {
        this.port = port;
        this.executor = pick(executors, virtualThreads);
    }

    static Executor pick(List<Executor> executors, boolean virtualThreads) {
        if (virtualThreads) {
            for (Executor e : executors) {
                if (e instanceof SimpleAsyncTaskExecutor) {
                    return e;
                }
            }
        }
        for (Executor e : executors) {
            if (e instanceof ThreadPoolTaskExecutor || e instanceof SimpleAsyncTaskExecutor) {
                return e;
            }
        }
        throw new IllegalStateException("platform-http needs Spring's task executor (a ThreadPoolTaskExecutor or "
                + "SimpleAsyncTaskExecutor bean); none is configured");
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new Consumer(endpoint, processor, executor);
    }

    @Override
    public int getServerPort() {
        return port;
    }

    /** The starter's consumer, which can also serve a request outside Spring MVC. */
    static final class Consumer extends SpringBootPlatformHttpConsumer {

        private final Executor executor;

        Consumer(PlatformHttpEndpoint endpoint, Processor processor, Executor executor) {
            super(endpoint, processor, executor);
            this.executor = executor;
        }

        /**
         * Runs the exchange on the executor and completes the request's async context when the answer
         * is written, as {@code service} does for Spring MVC, but without the re-dispatch after it.
         */
        void serve(HttpServletRequest request, HttpServletResponse response, AsyncContext async) {
            try {
                executor.execute(() -> {
                    try {
                        handleService(request, response);
                    } catch (Exception e) {
                        // as the starter's service(): never leak the failure to the caller
                        LOG.warn("Error handling request due to: {}", e.getMessage(), e);
                        failed(response, 500);
                    } finally {
                        complete(async);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warn("No thread left to serve {} {}: answered 503", request.getMethod(), request.getRequestURI());
                failed(response, 503);
                complete(async);
            }
        }

        private static void failed(HttpServletResponse response, int status) {
            try {
                if (!response.isCommitted()) {
                    response.sendError(status);
                }
            } catch (Exception ignored) {
                // the client is gone
            }
        }

        private static void complete(AsyncContext async) {
            try {
                async.complete();
            } catch (IllegalStateException ended) {
                // the container already ended it (the client left, or the async timeout answered)
            }
        }
    }
}
