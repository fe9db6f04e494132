package io.opengateway.front.responses.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;

/**
 * How long the gateway keeps a stored response ({@code opengateway.responses.retention}, 30 days as
 * OpenAI keeps theirs by default) and how often it purges older ones
 * ({@code opengateway.responses.purge-interval}). A response past its retention is gone for
 * {@code GET} and {@code previous_response_id} at once, purged or not.
 */
@ConfigurationProperties("opengateway.responses")
public record ResponseRetention(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval) {

    public ResponseRetention {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("opengateway.responses.retention must be positive, not " + retention);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("opengateway.responses.purge-interval must be positive, not " + purgeInterval);
        }
    }

    /** Binds the settings where the store's package is scanned, without an entry in the central configuration. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ResponseRetention.class)
    static class Binding {
    }
}
