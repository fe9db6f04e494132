package io.opengateway.billing;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.opengateway.auth.ApiKey;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.Prices;
import io.opengateway.catalog.Pricing;
import io.opengateway.config.GatewayProperties;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.Usage;
import io.opengateway.routing.AttemptRecord;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;

/** What a finished request's context becomes as a usage event: who served, what it used, how it ended. */
class UsageEventsTest {

    private static final Pricing PRICES = Pricing.of(Prices.of(BigDecimal.ONE, BigDecimal.TEN));
    private static final CatalogEntry A = new CatalogEntry("openai/a", "openai", 1000, null, PRICES, Set.of());
    private static final CatalogEntry B = new CatalogEntry("anthropic/b", "anthropic", 1000, null, PRICES, Set.of());

    private static UsageEvents events(boolean enabled) {
        return new UsageEvents(new GatewayProperties(Map.of(), null,
                new GatewayProperties.Billing(new BigDecimal("5"), Path.of("unused"), enabled, 50000), null, null, null));
    }

    private static RequestContext request(CatalogEntry... plan) {
        return context(new InboundRequest("req_test", Endpoint.CHAT)
                .withApiKey(new ApiKey("key_1", "acme", "ci", Instant.now(), null)).withPlan(List.of(plan)));
    }

    private static RequestContext context(InboundRequest request) {
        return new RequestContext(request, new AttemptRecord(request.startNanos()));
    }

    private static void attempt(RequestContext ctx, boolean called) {
        ctx.attempt().advance(ctx.request().plan(),
                e -> new ModelTarget(e, null, ctx.attempt().attemptCount() + 1));
        if (called) {
            ctx.attempt().markUpstreamCall();
        }
    }

    private static void fail(RequestContext ctx, Usage reported) {
        ctx.attempt().fail(UpstreamException.badGateway(ctx.attempt().target().provider(), "overloaded", "Overloaded",
                529), reported);
    }

    @Test
    void a_served_request_is_its_models_event_with_its_usage() {
        RequestContext ctx = request(A);
        attempt(ctx, true);
        ctx.attempt().usage(new Usage(10, 5, 0, 0, 0));
        ctx.attempt().finish(Outcome.OK, null);

        UsageEvent e = events(true).capture(ctx);

        assertThat(events(true).reachedProvider(ctx)).isTrue();
        assertThat(e.servedModel()).isEqualTo("openai/a");
        assertThat(e.provider()).isEqualTo("openai");
        assertThat(e.usage()).isEqualTo(new Usage(10, 5, 0, 0, 0));
        assertThat(e.outcome()).isEqualTo(Outcome.OK);
        assertThat(e.account()).isEqualTo("acme");
        assertThat(e.keyId()).isEqualTo("key_1");
        assertThat(e.endpoint()).isEqualTo("chat");
        assertThat(e.note()).isNull();
        assertThat(e.failedAttempts()).isEmpty();
    }

    @Test
    void a_fallback_is_the_serving_models_event_with_the_failed_attempts_before_it() {
        RequestContext ctx = request(B, A);
        attempt(ctx, true);
        ctx.attempt().usage(new Usage(25, 1, 0, 0, 0));
        fail(ctx, ctx.attempt().usage());
        attempt(ctx, true);
        ctx.attempt().usage(new Usage(9, 3, 0, 0, 0));
        ctx.attempt().finish(Outcome.OK, null);

        UsageEvent e = events(true).capture(ctx);

        assertThat(e.requestedModel()).isEqualTo("anthropic/b");
        assertThat(e.servedModel()).isEqualTo("openai/a");
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.usage()).isEqualTo(new Usage(9, 3, 0, 0, 0));
        assertThat(e.failedAttempts()).containsExactly(
                new UsageEvent.AttemptLine(1, "anthropic", "anthropic/b", 502, "overloaded", new Usage(25, 1, 0, 0, 0)));
    }

    @Test
    void when_every_model_failed_nothing_served_and_no_usage_is_billed() {
        RequestContext ctx = request(A);
        attempt(ctx, true);
        fail(ctx, null);
        ctx.attempt().finish(Outcome.ERROR, "Overloaded");

        UsageEvent e = events(true).capture(ctx);

        assertThat(e.servedModel()).isNull();
        assertThat(e.provider()).isNull();
        assertThat(e.usage()).isNull();
        assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(e.note()).isEqualTo("Overloaded");
        assertThat(e.failedAttempts()).hasSize(1);
    }

    @Test
    void a_cancelled_stream_without_usage_says_it_recorded_zero_tokens() {
        RequestContext ctx = request(A);
        attempt(ctx, true);
        ctx.attempt().streamed(true);
        ctx.attempt().finish(Outcome.CANCELLED, "the client closed the stream before its end");

        UsageEvent e = events(true).capture(ctx);

        assertThat(e.usage()).isNull();
        assertThat(e.note()).isEqualTo("the client closed the stream before its end; "
                + "the provider reported no usage: zero tokens recorded");
    }

    @Test
    void a_request_refused_before_any_provider_call_is_not_billed() {
        RequestContext validated = request(A);
        assertThat(events(true).reachedProvider(validated)).isFalse();

        RequestContext refusedByTheDialect = request(B);
        attempt(refusedByTheDialect, false); // e.g. n > 1 for Anthropic: a 400 before the call
        assertThat(events(true).reachedProvider(refusedByTheDialect)).isFalse();

        RequestContext unauthenticated = context(new InboundRequest("req_x", Endpoint.CHAT));
        assertThat(events(true).reachedProvider(unauthenticated)).isFalse();
        assertThat(events(true).reachedProvider(null)).isFalse();
    }

    @Test
    void with_billing_switched_off_nothing_is_billed() {
        RequestContext ctx = request(A);
        attempt(ctx, true);
        assertThat(events(false).reachedProvider(ctx)).isFalse();
    }
}
