package io.opengateway.config;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * The wall clock the gateway stamps requests with: a request is billed at the prices in force at
 * its stamp, and {@code GET /v1/models} shows the prices in force now. A bean of the gateway's
 * own type, not a {@link Clock} bean, so an application that embeds the gateway keeps its own.
 */
@Component
public class GatewayClock {

    private final Clock clock;

    public GatewayClock() {
        this(Clock.systemUTC());
    }

    protected GatewayClock(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }
}
