package io.opengateway.config;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Camel Platform HTTP on Spring Boot runs each exchange on a task-executor thread and hands Spring
 * MVC a future: the request goes through Tomcat and the DispatcherServlet twice (the servlet's
 * async start, then its re-dispatch) and changes threads twice. Here the exchange runs on the
 * servlet container's own request thread and the handler returns no future, so Spring MVC treats
 * the request as handled once the route has written it: one dispatch, no hand-off.
 * <p>
 * The container's threads then carry the streams: virtual threads on Java 21+
 * ({@code spring.threads.virtual.enabled}); on Java 17 Tomcat's pool grows to
 * {@code server.tomcat.threads.max} (opengateway.yaml), made on demand and ended when idle.
 * Everything else (binding, streaming, a client's disconnect, error mapping) is Camel's consumer.
 */
@Component
public class InlineHttpEngine implements CamelContextConfiguration {

    private final PlatformHttpEngine springEngine;

    public InlineHttpEngine(@Qualifier("platform-http-engine") PlatformHttpEngine springEngine) {
        this.springEngine = springEngine;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getComponent("platform-http", PlatformHttpComponent.class).setEngine(new Engine(springEngine.getServerPort()));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // the engine is in place before the routes start
    }

    static final class Engine extends SpringBootPlatformHttpEngine {

        Engine(int port) {
            super(port);
        }

        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            return new Consumer(endpoint, processor);
        }
    }

    /** Camel's consumer, serving in the calling (container) thread. */
    static final class Consumer extends SpringBootPlatformHttpConsumer {

        private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

        Consumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        /** Returns null: Spring MVC then takes the request as handled, with no async dispatch. */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as Camel's own consumer does with what escapes the route (the routes map their errors themselves)
                LOG.warn("Error handling request due to: {}", e.getMessage(), e);
                if (!response.isCommitted()) {
                    try {
                        response.sendError(500);
                    } catch (java.io.IOException ignored) {
                        // the client has gone
                    }
                }
            }
            return null;
        }
    }
}
