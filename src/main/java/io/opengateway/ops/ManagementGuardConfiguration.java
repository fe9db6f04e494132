package io.opengateway.ops;

import java.util.List;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import io.opengateway.config.GatewayProperties;

/**
 * Puts {@link ManagementGuard} in front of the management server: all of it when the gateway is
 * the application ({@code opengateway.standalone}), only Hawtio and Jolokia inside another one. Listed in
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
        // embedded, the other endpoints are the application's, guarded (or not) as it decides
        List<String> console = environment.getProperty("opengateway.standalone", Boolean.class, false) ? null
                : List.of(endpoints.getPathMapping().getOrDefault("hawtio", "hawtio"),
                        endpoints.getPathMapping().getOrDefault("jolokia", "jolokia"));
        FilterRegistrationBean<ManagementGuard> registration = new FilterRegistrationBean<>(
                new ManagementGuard(endpoints.getBasePath(), gateway.adminToken(), ownPort, console));
        // before Hawtio's and Jolokia's own filters
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
