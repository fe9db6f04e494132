package io.opengateway.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;
import io.opengateway.error.UpstreamException;

/**
 * One resilience4j circuit breaker per provider. A provider route asks {@link #admit} before its
 * call and reports the outcome; while a breaker is open the attempt fails at once with a failover
 * trigger, so the request goes straight to its next model.
 * <p>
 * Camel's circuitBreaker EIP is not used around the call on purpose: it runs its steps on a copy
 * of the exchange and completes the copy's unit of work when they return, which makes camel-http
 * drain the provider's response stream that is still to be relayed — streaming would stop.
 */
@Component("providerBreaker")
public class ProviderBreakers {

    private static final String ADMITTED = "opengatewayAdmittedAt";

    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final GatewayProperties properties;
    private final MeterRegistry meters;

    public ProviderBreakers(GatewayProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    /** Before the call: fails the attempt when the provider's breaker is open. */
    public void admit(Exchange exchange) {
        String provider = RequestContext.of(exchange).target().provider();
        CircuitBreaker cb = breaker(provider);
        if (!cb.tryAcquirePermission()) {
            throw UpstreamException.badGateway(provider, "provider_circuit_open", "Provider '" + provider
                    + "' keeps failing and is skipped for a cool-down (circuit breaker open)", null);
        }
        exchange.setProperty(ADMITTED, System.nanoTime());
    }

    /** After a usable answer. */
    public void answered(Exchange exchange) {
        Long since = exchange.removeProperty(ADMITTED) instanceof Long l ? l : null;
        if (since != null) {
            breaker(RequestContext.of(exchange).target().provider())
                    .onSuccess(System.nanoTime() - since, TimeUnit.NANOSECONDS);
        }
    }

    /** After a failed attempt that was admitted: only the provider's own faults count against it. */
    public void failed(Exchange exchange, UpstreamException e) {
        Long since = exchange.removeProperty(ADMITTED) instanceof Long l ? l : null;
        if (since == null) {
            return;
        }
        CircuitBreaker cb = breaker(e.provider() != null ? e.provider() : RequestContext.of(exchange).target().provider());
        long took = System.nanoTime() - since;
        if (e.providerFault()) {
            cb.onError(took, TimeUnit.NANOSECONDS, e);
        } else {
            cb.onSuccess(took, TimeUnit.NANOSECONDS); // it answered: a refusal is not an outage
        }
    }

    /** The call was not made after all (the gateway refused the request): no outcome to count. */
    public void release(Exchange exchange) {
        if (exchange.removeProperty(ADMITTED) != null) {
            breaker(RequestContext.of(exchange).target().provider()).releasePermission();
        }
    }

    public CircuitBreaker.State state(String provider) {
        return breaker(provider).getState();
    }

    private CircuitBreaker breaker(String provider) {
        return breakers.computeIfAbsent(provider, this::create);
    }

    private CircuitBreaker create(String provider) {
        GatewayProperties.Provider p = properties.provider(provider);
        GatewayProperties.CircuitBreaker c = p != null ? p.circuitBreaker() : GatewayProperties.CircuitBreaker.DEFAULT;
        CircuitBreaker cb = CircuitBreaker.of(provider, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, c.window().toSeconds()))
                .minimumNumberOfCalls(c.minimumCalls())
                .failureRateThreshold(c.failureRatePercent())
                .waitDurationInOpenState(c.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        // 0 closed, 1 open, 2 half-open (probing)
        Gauge.builder("opengateway.circuit.breaker.state", cb, b -> switch (b.getState()) {
            case CLOSED -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        }).tag("provider", provider).description("Provider circuit breaker: 0 closed, 1 open, 2 half-open")
                .register(meters);
        return cb;
    }
}
