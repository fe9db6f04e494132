package io.opengateway.config;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Model IDs contain a slash, and the OpenAI SDKs send {@code GET /v1/models/openai%2Fgpt-4o}.
 * Tomcat rejects an escaped slash by default; it is passed through as it is and decoded by the
 * models route, which only ever looks the ID up in the catalog.
 */
@Configuration
public class WebConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> escapedSlashInModelIds() {
        return factory -> factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
    }
}
