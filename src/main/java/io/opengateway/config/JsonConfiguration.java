package io.opengateway.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one ObjectMapper (Spring's, also used by Camel Jackson): request bodies nested deeper than
 * the limit are refused while parsing, before they can cost stack or memory.
 */
@Configuration
public class JsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer gatewayJsonLimits(GatewayProperties properties) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(properties.limits().maxJsonDepth())
                .build();
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(limits));
    }
}
