package io.opengateway.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;

import io.opengateway.OpenGatewayApplication;

/**
 * The gateway as one dependency: its beans, its properties, its routes (GatewayRoutes loads them
 * into the application's CamelContext) and its tables (GatewayDatabase). Beans the route files
 * name keep their names; every other bean is named by its class's full name, so none can clash
 * with a bean of the application that embeds the gateway.
 */
@AutoConfiguration
@EnableConfigurationProperties({GatewayProperties.class, GatewayDatabase.Settings.class})
@ComponentScan(basePackages = "io.opengateway", nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class,
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = OpenGatewayApplication.class)})
public class OpenGatewayAutoConfiguration {
}
