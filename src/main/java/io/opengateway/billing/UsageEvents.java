package io.opengateway.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;
import io.opengateway.error.Attempt;
import io.opengateway.model.Usage;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

/**
 * Called by the {@code billed} route configuration when a model request's exchange is complete:
 * the answer written, a stream ended or left by its client, so the context holds the final usage
 * and outcome. Puts the immutable {@link UsageEvent} that billing taps in the body, or null when
 * the request is not billed. A plain processor, not a bean method and a bean predicate: it runs
 * on the request thread for every model request, and Camel's bean binding costs more than the
 * work itself.
 */
@Component("usageEvents")
public class UsageEvents implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UsageEvents.class);
    private static final int MAX_NOTE = 500;

    private final boolean enabled;

    public UsageEvents(GatewayProperties properties) {
        this.enabled = properties.billing().enabled();
        if (!enabled) {
            LOG.warn("Billing is OFF (opengateway.billing.enabled=false): no request is recorded or charged");
        }
    }

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.find(exchange);
        exchange.getMessage().setBody(reachedProvider(ctx) ? capture(ctx) : null);
    }

    /** Only a request that called a provider is billed; the gateway's own refusals are not. */
    public boolean reachedProvider(RequestContext ctx) {
        return enabled && ctx != null && ctx.request().apiKey() != null && ctx.attempt().upstreamCalls() > 0;
    }

    public UsageEvent capture(RequestContext ctx) {
        List<Attempt> failures = ctx.attempt().failures();
        // when no model served, nothing is billed at the prices of the last one tried
        ModelTarget served = ctx.attempt().servedTarget();
        Usage usage = served != null ? ctx.attempt().usage() : null;
        Outcome outcome = ctx.attempt().finalOutcome();
        return new UsageEvent(ctx.request().requestId(), ctx.request().apiKey().account(), ctx.request().apiKey().id(),
                ctx.request().endpoint() == null ? null : ctx.request().endpoint().name().toLowerCase(Locale.ROOT),
                ctx.request().requestedModel(), served != null ? served.model().id() : null,
                served != null ? served.provider() : null,
                ctx.attempt().attemptCount(), usage, outcome, note(ctx, served != null && usage == null),
                ctx.attempt().streamed(),
                ctx.request().elapsedMillis(), ctx.request().startedAt(), lines(failures));
    }

    private static List<UsageEvent.AttemptLine> lines(List<Attempt> failures) {
        List<UsageEvent.AttemptLine> out = new ArrayList<>(failures.size());
        for (int i = 0; i < failures.size(); i++) {
            Attempt a = failures.get(i);
            out.add(new UsageEvent.AttemptLine(i + 1, a.provider(), a.model(), a.status(), a.code(), a.usage()));
        }
        return out;
    }

    /** Why a record is not a plain success, in words; null for a success with its usage. */
    private static String note(RequestContext ctx, boolean noUsage) {
        List<String> parts = new ArrayList<>(2);
        if (ctx.attempt().outcome() == null) {
            parts.add("the request ended without an outcome");
        } else if (ctx.attempt().outcome() != Outcome.OK && ctx.attempt().outcomeNote() != null) {
            parts.add(ctx.attempt().outcomeNote());
        }
        if (noUsage) {
            parts.add("the provider reported no usage: zero tokens recorded");
        }
        String note = parts.isEmpty() ? null : String.join("; ", parts);
        return note == null || note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE);
    }
}
