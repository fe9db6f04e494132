package io.opengateway.config;

import org.apache.camel.component.http.HttpComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's own HTTP component for provider calls ({@code opengateway-http:<base-url>} in the
 * provider route template), so its settings never depend on, or change, the {@code http}
 * component of an application that embeds the gateway. Automatic retries are off: HttpClient would
 * otherwise wait out a 429's Retry-After and resend a POST itself, where failover must decide.
 * The pool is sized for many long streams.
 */
@Configuration
public class UpstreamHttpConfiguration {

    public static final String COMPONENT = "opengateway-http";

    @Bean(COMPONENT)
    HttpComponent opengatewayHttp(@Value("${opengateway.http.max-connections:20000}") int maxConnections,
            @Value("${opengateway.http.max-connections-per-provider:10000}") int perProvider) {
        return new GatewayHttpComponent(maxConnections, perProvider);
    }

    /**
     * camel-http's Spring Boot starter copies the application's {@code camel.component.http.*}
     * settings into every HttpComponent, this one included: these three settings stay the gateway's.
     */
    static final class GatewayHttpComponent extends HttpComponent {

        GatewayHttpComponent(int maxConnections, int perProvider) {
            super.setAutomaticRetriesDisabled(true);
            super.setMaxTotalConnections(maxConnections);
            super.setConnectionsPerRoute(perProvider);
        }

        @Override
        public void setAutomaticRetriesDisabled(boolean ignored) {
            // always disabled
        }

        @Override
        public void setMaxTotalConnections(int ignored) {
            // set by the gateway
        }

        @Override
        public void setConnectionsPerRoute(int ignored) {
            // set by the gateway
        }
    }
}
