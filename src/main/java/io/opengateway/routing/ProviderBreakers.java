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
 * call and reports the outcome. An open breaker saves time only where there is somewhere else to
 * go: it skips the provider when the request still has another model to try (the attempt is
 * logged as skipped, and failover moves on at once), while the last model of a plan is always
 * called, without counting its outcome — a request is never refused for a breaker alone.
 * <p>
 * Camel's circuitBreaker EIP is not used around the call on purpose: it runs its steps on a copy
 * of the exchange and completes the copy's unit of work when they return, which makes camel-http
 * drain the provider's response stream that is still to be relayed — streaming would stop.
 */
@Component("providerBreaker")
public class ProviderBreakers {

    /** The code of a skipped attempt in {@code error.attempts} and the billing record's attempt log. */
    public static final String SKIPPED = "provider_circuit_open";

    private static final String ADMITTED = "opengatewayAdmittedAt";

    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final GatewayProperties properties;
    private final MeterRegistry meters;

    public ProviderBreakers(GatewayProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Before the call. A closed breaker (or a half-open one with a probe to spare) admits it, and its
     * outcome will count. An open one skips the provider when the plan has another model, and
     * otherwise lets the call go uncounted.
     */
    public void admit(Exchange exchange) {
        RequestContext ctx = RequestContext.of(exchange);
        String provider = ctx.attempt().target().provider();
        if (breaker(provider).tryAcquirePermission()) {
            exchange.setProperty(ADMITTED, System.nanoTime());
        } else if (ctx.attempt().hasNextModel()) {
            ctx.attempt().skip(SKIPPED, "skipped: circuit open (provider '" + provider
                    + "' keeps failing; the next model was tried instead)");
            throw new Skipped(provider);
        }
    }

    /** Thrown by {@link #admit} for a skipped model: a failover trigger already in the attempt log. */
    static final class Skipped extends UpstreamException {
        Skipped(String provider) {
            super(502, "upstream_error", SKIPPED, "Provider '" + provider + "' skipped: circuit open", provider,
                    null, null);
        }
    }

    /** After a usable answer. */
    public void answered(Exchange exchange) {
        Long since = exchange.removeProperty(ADMITTED) instanceof Long l ? l : null;
        if (since != null) {
            breaker(AttemptRecord.of(exchange).target().provider())
                    .onSuccess(System.nanoTime() - since, TimeUnit.NANOSECONDS);
        }
    }

    /** After a failed attempt that was admitted: only the provider's own faults count against it. */
    public void failed(Exchange exchange, UpstreamException e) {
        Long since = exchange.removeProperty(ADMITTED) instanceof Long l ? l : null;
        if (since == null) {
            return;
        }
        CircuitBreaker cb = breaker(e.provider() != null ? e.provider()
                : AttemptRecord.of(exchange).target().provider());
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
            breaker(AttemptRecord.of(exchange).target().provider()).releasePermission();
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
                .minimumNumberOfCalls(Math.max(1, c.minimumCalls()))
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
