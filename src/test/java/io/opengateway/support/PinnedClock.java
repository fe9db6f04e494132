package io.opengateway.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.opengateway.config.GatewayClock;

/**
 * The gateway's clock in the shared test context: the system clock, until a test pins it to an
 * instant (a request served on either side of a dated price change); {@link #release} returns
 * it to the system clock. Only request stamps and the catalog's "now" read it, never a timeout.
 */
public final class PinnedClock extends GatewayClock {

    private volatile Instant pinned;

    private PinnedClock() {
        super(Clock.system(ZoneOffset.UTC));
    }

    public void pin(Instant at) {
        pinned = at;
    }

    public void release() {
        pinned = null;
    }

    @Override
    public Instant now() {
        Instant p = pinned;
        return p != null ? p : super.now();
    }

    /** Registers it as the gateway's clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        PinnedClock pinnedClock() {
            return new PinnedClock();
        }
    }
}
