package io.opengateway.ops;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.billing.BillingRecord;
import io.opengateway.error.Attempt;
import io.opengateway.model.Usage;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

/**
 * The gateway's own meters, beside Camel's route metrics. Tags are few and bounded: the endpoint,
 * the provider and catalog model that served ({@code none} when none did), the status class, the
 * outcome and whether it streamed. Never an account, a key or anything from a prompt.
 * <p>
 * {@link #process} runs when a model request's exchange is complete (the {@code observed} route
 * configuration); {@link #billed} when the billing route has journaled its record, so the cost
 * counters count exactly what was billed. Meters are looked up once per tag combination and
 * kept, as this runs for every request.
 */
@Component("gatewayMetrics")
public class GatewayMetrics implements Processor {

    static final String NONE = "none";

    private final MeterRegistry registry;
    private final ConcurrentMap<RequestKey, RequestMeters> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<ModelKey, ModelMeters> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<FallbackKey, Counter> fallbacks = new ConcurrentHashMap<>();
    private final ConcurrentMap<UnpricedKey, Counter> unpriced = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private record RequestKey(String endpoint, String provider, String model, String status, String outcome,
            boolean streamed) {
    }

    private record ModelKey(String provider, String model) {
    }

    private record FallbackKey(String provider, String model, String status) {
    }

    /** {@code reason}: what had no price, {@code model}, {@code service_tier} or {@code inference_geo}. */
    private record UnpricedKey(String provider, String model, String reason) {
    }

    private record RequestMeters(Counter count, Timer latency) {
    }

    private record ModelMeters(Timer firstToken, Counter input, Counter output, Counter cached, Counter cacheWrite,
            Counter reasoning, Counter providerCost, Counter platformFee, Counter totalCost) {
    }

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.find(exchange);
        if (ctx == null) {
            return;
        }
        ModelTarget served = ctx.attempt().servedTarget();
        String provider = served == null ? NONE : served.provider();
        String model = served == null ? NONE : served.model().id();
        Outcome outcome = ctx.attempt().finalOutcome();
        RequestMeters r = requests.computeIfAbsent(new RequestKey(
                ctx.request().endpoint().name().toLowerCase(java.util.Locale.ROOT), provider, model,
                statusClass(exchange), outcome.wire(), ctx.attempt().streamed()), this::requestMeters);
        r.count().increment();
        r.latency().record(ctx.request().elapsedNanos(), TimeUnit.NANOSECONDS);

        if (served != null) {
            ModelMeters m = models.computeIfAbsent(new ModelKey(provider, model), this::modelMeters);
            long firstByte = ctx.attempt().firstByteNanos();
            if (ctx.attempt().streamed() && firstByte >= 0) {
                m.firstToken().record(firstByte, TimeUnit.NANOSECONDS);
            }
            Usage u = ctx.attempt().usage();
            if (u != null) {
                m.input().increment(u.promptTokens());
                m.output().increment(u.completionTokens());
                m.cached().increment(u.cachedTokens());
                m.cacheWrite().increment(u.cacheWriteTokens());
                m.reasoning().increment(u.reasoningTokens());
            }
        }
        // every failed attempt that another attempt followed is a fallback taken
        List<Attempt> failures = ctx.attempt().failures();
        int taken = Math.min(failures.size(), ctx.attempt().attemptCount() - 1);
        for (int i = 0; i < taken; i++) {
            Attempt a = failures.get(i);
            fallbacks.computeIfAbsent(new FallbackKey(a.provider() == null ? NONE : a.provider(),
                    a.model() == null ? NONE : a.model(), a.called() ? Integer.toString(a.status()) : "skipped"),
                    this::fallbackCounter)
                    .increment();
        }
    }

    /** The billing route's last step: the record is journaled, so its cost is billed. */
    public void billed(BillingRecord record) {
        String model = record.event().servedModel();
        if (model == null) {
            return; // nothing served, nothing charged
        }
        ModelMeters m = models.computeIfAbsent(new ModelKey(record.event().provider(), model), this::modelMeters);
        if (record.priceMissing() != null) {
            // the catalog has no price for the model (billed at zero) or for the service tier or
            // region the provider reported (billed at the standard prices): someone must price it
            unpriced.computeIfAbsent(new UnpricedKey(record.event().provider(), model, record.priceMissing()),
                    this::unpricedCounter).increment();
        }
        // a meter is a double: fine for a dashboard; the ledger keeps the exact amounts
        m.providerCost().increment(usd(record.cost().providerCost()));
        m.platformFee().increment(usd(record.cost().platformFee()));
        m.totalCost().increment(usd(record.cost().total()));
    }

    private static double usd(BigDecimal amount) {
        return amount == null ? 0 : amount.doubleValue();
    }

    private static String statusClass(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? "2xx" : (status / 100) + "xx";
    }

    private RequestMeters requestMeters(RequestKey k) {
        Tags tags = Tags.of("endpoint", k.endpoint(), "provider", k.provider(), "model", k.model(),
                "status", k.status(), "outcome", k.outcome(), "streamed", Boolean.toString(k.streamed()));
        return new RequestMeters(
                Counter.builder("opengateway.requests").description("Model requests answered").tags(tags)
                        .register(registry),
                Timer.builder("opengateway.request.latency")
                        .description("From a request's arrival to the end of its answer (a stream's last event)")
                        .tags(tags).register(registry));
    }

    private ModelMeters modelMeters(ModelKey k) {
        Tags tags = Tags.of("provider", k.provider(), "model", k.model());
        return new ModelMeters(
                Timer.builder("opengateway.stream.first.token")
                        .description("Time to first token of a stream: arrival to its first content sent").tags(tags)
                        .register(registry),
                tokens("input", tags), tokens("output", tags), tokens("cached", tags), tokens("cache_write", tags),
                tokens("reasoning", tags),
                usd("opengateway.provider.cost", "What the providers charge for the requests served", tags),
                usd("opengateway.platform.fee", "The platform fee billed on top", tags),
                usd("opengateway.billed.cost", "Provider cost plus platform fee: what was billed", tags));
    }

    private Counter tokens(String type, Tags tags) {
        return Counter.builder("opengateway.tokens").baseUnit("tokens")
                .description("Tokens the providers reported (input includes cached and cache-write tokens, "
                        + "output includes reasoning tokens)")
                .tags(tags).tag("type", type).register(registry);
    }

    private Counter usd(String name, String description, Tags tags) {
        return Counter.builder(name).baseUnit("usd").description(description).tags(tags).register(registry);
    }

    private Counter unpricedCounter(UnpricedKey k) {
        return Counter.builder("opengateway.unpriced.requests")
                .description("Requests billed without a catalog price for what served them "
                        + "(reason: model, service_tier, inference_geo)")
                .tags("provider", k.provider(), "model", k.model(), "reason", k.reason()).register(registry);
    }

    private Counter fallbackCounter(FallbackKey k) {
        return Counter.builder("opengateway.fallbacks")
                .description("Failed attempts after which the request moved on to its next model")
                .tags("provider", k.provider(), "model", k.model(), "status", k.status()).register(registry);
    }
}
