package io.opengateway.edge;

import java.time.Duration;

import jakarta.servlet.DispatcherType;

import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.opengateway.config.GatewayPaths;

/** The filter that serves the routes without Spring MVC ({@link DirectDispatch}). */
@Configuration(proxyBeanMethods = false)
public class DirectDispatchConfiguration {

    /**
     * Last of the filters (after the inbound checks), on the first dispatch of a request only. The
     * mapping is looked up at the first request: filters are made before Camel's routes are.
     */
    @Bean
    FilterRegistrationBean<DirectDispatch> directDispatch(GatewayPaths paths,
            ObjectProvider<CamelRequestHandlerMapping> mapping, WebMvcProperties mvc) {
        Duration timeout = mvc.getAsync().getRequestTimeout();
        FilterRegistrationBean<DirectDispatch> registration = new FilterRegistrationBean<>(
                new DirectDispatch(paths, mapping, timeout == null ? 30_000 : timeout.toMillis()));
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }
}
