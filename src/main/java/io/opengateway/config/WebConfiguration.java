package io.opengateway.config;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.opengateway.json.JsonBuffers;

/**
 * Model IDs contain a slash, and the OpenAI SDKs send {@code GET /v1/models/openai%2Fgpt-4o}.
 * Tomcat rejects an escaped slash by default; it is passed through as it is and decoded by the
 * models route, which only ever looks the ID up in the catalog.
 *
 * <p>What an open stream holds, for its whole length, is mostly buffers (README, "Memory"):
 * Tomcat's socket buffers are 2 KiB here instead of 8 KiB each way (a streamed event is a few
 * hundred bytes; a larger body takes more reads or writes of 2 KiB), and Spring's ObjectMapper
 * shares its buffers instead of keeping a set per (virtual) thread.
 */
@Configuration
public class WebConfiguration {

    /** Bytes of each connection's socket read and of its write buffer (Tomcat's default: 8 KiB). */
    static final int SOCKET_BUFFER_BYTES = 2048;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> escapedSlashInModelIds() {
        return factory -> factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSocketBuffers() {
        return factory -> factory.addConnectorCustomizers(c -> {
            c.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            c.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
        });
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer sharedJsonBuffers() {
        return builder -> builder.postConfigurer(JsonBuffers::pooled);
    }
}
