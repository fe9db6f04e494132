package io.opengateway.spend;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds spend control's settings ({@code opengateway.spend.*}) where the component scan finds this
 * package, so the gateway's own configuration package need not know spend control (no package cycle).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SpendSettings.class)
class SpendConfiguration {
}
