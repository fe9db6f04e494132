package io.opengateway.config;

import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's own HTTP component for provider calls ({@code opengateway-http:<base-url>} in the
 * provider route template), so its settings never depend on, or change, the {@code http}
 * component of an application that embeds the gateway. Automatic retries are off: HttpClient would
 * otherwise wait out a 429's Retry-After and resend a POST itself, where failover must decide.
 * The pool is sized for many long streams, and each connection's buffers are small: an open stream
 * holds its connection (with an 8 KiB read and an 8 KiB write buffer by default) for its whole length,
 * while a streamed event is a few hundred bytes.
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

        /** Bytes of each connection's read and of its write buffer (HttpClient's default: 8 KiB). */
        static final int BUFFER_BYTES = 2048;

        GatewayHttpComponent(int maxConnections, int perProvider) {
            super.setAutomaticRetriesDisabled(true);
            super.setMaxTotalConnections(maxConnections);
            super.setConnectionsPerRoute(perProvider);
        }

        /** camel-http's own pool (HttpComponent#createConnectionManager) with smaller connection buffers. */
        @Override
        protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry,
                int maxTotal, int perRoute, SocketConfig socketConfig) {
            PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(registry,
                    PoolConcurrencyPolicy.STRICT, TimeValue.ofMilliseconds(getConnectionTimeToLive()),
                    ManagedHttpClientConnectionFactory.builder()
                            .http1Config(Http1Config.custom().setBufferSize(BUFFER_BYTES).build()).build());
            int total = maxTotal != 0 ? maxTotal : getMaxTotalConnections();
            if (total > 0) {
                pool.setMaxTotal(total);
            }
            pool.setDefaultSocketConfig(socketConfig);
            int route = perRoute != 0 ? perRoute : getConnectionsPerRoute();
            if (route > 0) {
                pool.setDefaultMaxPerRoute(route);
            }
            return pool;
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
