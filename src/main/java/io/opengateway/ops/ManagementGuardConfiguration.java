package io.opengateway.ops;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import io.opengateway.config.GatewayProperties;

/**
 * Puts {@link ManagementGuard} in front of the management server. Listed in
 * META-INF/spring/…ManagementContextConfiguration.imports, so Spring Boot loads it into the
 * management server's own context (or, when management shares the public port, into the main one).
 * Deliberately not annotated: an annotated configuration would also be picked up by the component
 * scan and land in the public server's filter chain.
 */
public class ManagementGuardConfiguration {

    @Bean
    FilterRegistrationBean<ManagementGuard> managementGuard(Environment environment, WebEndpointProperties endpoints,
            GatewayProperties gateway) {
        boolean ownPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        FilterRegistrationBean<ManagementGuard> registration = new FilterRegistrationBean<>(
                new ManagementGuard(endpoints.getBasePath(), gateway.adminToken(), ownPort));
        // before Hawtio's and Jolokia's own filters
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
