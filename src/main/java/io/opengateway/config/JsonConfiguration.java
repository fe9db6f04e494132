package io.opengateway.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The data format the public routes parse request bodies with ({@code unmarshal: custom: gatewayJson}):
 * Camel Jackson with a mapper of its own, which refuses bodies nested deeper than
 * {@code opengateway.limits.max-json-depth} while parsing, before they cost stack or memory.
 * A mapper of its own because Camel's {@code json} data format would make one with Jackson's
 * default depth (1000), and changing Spring's ObjectMapper would change it for an application
 * that embeds the gateway too. It is not an ObjectMapper bean, so Spring Boot's own stays the
 * only one.
 */
@Configuration
public class JsonConfiguration {

    @Bean("gatewayJson")
    JacksonDataFormat gatewayJson(GatewayProperties properties, CamelContext camel) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(properties.limits().maxJsonDepth())
                .build());
        JacksonDataFormat format = new JacksonDataFormat(mapper, JsonNode.class);
        format.setAutoDiscoverSchemaResolver(false);
        format.setCamelContext(camel);
        return format;
    }
}
