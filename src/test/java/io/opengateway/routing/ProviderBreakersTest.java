package io.opengateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.Redactor;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.Attempt;
import io.opengateway.error.UpstreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The breaker's two rules: only faults that speak of the provider's health count, and an open
 * breaker skips a provider only for a request that still has another model to try.
 */
class ProviderBreakersTest {

    /** "tight" trips after 4 calls at 50 %; "default" keeps the shipped settings. */
    private static final GatewayProperties PROPERTIES = new GatewayProperties(Map.of(
            "tight", provider(new GatewayProperties.CircuitBreaker(4, 50, Duration.ofSeconds(60), Duration.ofSeconds(30))),
            "default", provider(GatewayProperties.CircuitBreaker.DEFAULT),
            "other", provider(GatewayProperties.CircuitBreaker.DEFAULT)), null, null, null, null, null);
    private static final UpstreamErrors ERRORS = new UpstreamErrors(new Redactor(PROPERTIES));
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final ProviderBreakers breakers = new ProviderBreakers(PROPERTIES, new SimpleMeterRegistry());

    private static GatewayProperties.Provider provider(GatewayProperties.CircuitBreaker settings) {
        return new GatewayProperties.Provider("http://x", "k", Duration.ofSeconds(1), Duration.ofSeconds(1), settings);
    }

    static Stream<Arguments> notAboutHealth() {
        return Stream.of(
                Arguments.of("a refused request (400)", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 400, "bad", null, null)),
                Arguments.of("a rate limit on one key (429)", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 429, "slow down", null, "7")),
                Arguments.of("a body too large (413)", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 413, null, null, null)),
                Arguments.of("an unknown model (404)", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 404, null, null, null)),
                Arguments.of("a refused request inside a stream", (Supplier<UpstreamException>) () -> ERRORS.streamError("tight", "invalid_request_error", "bad")),
                Arguments.of("a rate limit inside a stream", (Supplier<UpstreamException>) () -> ERRORS.streamError("tight", "rate_limit_error", "slow")));
    }

    static Stream<Arguments> aboutHealth() {
        return Stream.of(
                Arguments.of("a 500", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 500, "boom", null, null)),
                Arguments.of("Anthropic's 529", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 529, "Overloaded", null, null)),
                Arguments.of("a refused provider key (401)", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 401, null, null, null)),
                Arguments.of("a refused provider key (403)", (Supplier<UpstreamException>) () -> ERRORS.map("tight", 403, null, null, null)),
                Arguments.of("unreachable", (Supplier<UpstreamException>) () -> UpstreamFault.classify("tight", new ConnectException("refused"))),
                Arguments.of("a reset", (Supplier<UpstreamException>) () -> UpstreamFault.classify("tight", new IOException("Connection reset"))),
                Arguments.of("a read timeout", (Supplier<UpstreamException>) () -> UpstreamFault.classify("tight", new SocketTimeoutException("Read timed out"))),
                Arguments.of("an answer that is not the provider's JSON", (Supplier<UpstreamException>) () -> ERRORS.malformed("tight", "garbage")),
                Arguments.of("an overload reported inside a stream", (Supplier<UpstreamException>) () -> ERRORS.streamError("tight", "overloaded_error", "Overloaded")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAboutHealth")
    void a_fault_of_one_request_or_key_never_opens_the_breaker(String what, Supplier<UpstreamException> fault) {
        for (int i = 0; i < 20; i++) {
            call("tight", fault.get());
        }
        assertThat(breakers.state("tight")).isEqualTo(State.CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aboutHealth")
    void a_fault_of_the_provider_counts(String what, Supplier<UpstreamException> fault) {
        for (int i = 0; i < 4; i++) {
            call("tight", fault.get());
        }
        assertThat(breakers.state("tight")).isEqualTo(State.OPEN);
    }

    @Test
    void the_default_settings_do_not_trip_on_a_few_isolated_faults_but_do_on_an_outage() {
        UpstreamException fault = ERRORS.map("default", 500, "boom", null, null);
        for (int round = 0; round < 3; round++) {
            call("default", fault);
            for (int i = 0; i < 3; i++) {
                call("default", null);
            }
        }
        // the old defaults (5 calls at 50 %) opened on the third fault here
        call("default", fault);
        call("default", fault);
        assertThat(breakers.state("default")).isEqualTo(State.CLOSED);

        for (int i = 0; i < 20; i++) {
            call("default", fault);
        }
        assertThat(breakers.state("default")).isEqualTo(State.OPEN);
    }

    @Test
    void an_open_breaker_skips_a_model_when_another_remains_and_logs_the_skip() {
        open("tight");
        RequestContext ctx = context("tight/model-a", "other/model-b");
        Exchange first = exchange(ctx);

        assertThatThrownBy(() -> breakers.admit(first)).isInstanceOf(UpstreamException.class);

        Attempt skipped = ctx.attempt().failures().get(0);
        assertThat(skipped.model()).isEqualTo("tight/model-a");
        assertThat(skipped.status()).isEqualTo(Attempt.NOT_CALLED);
        assertThat(skipped.called()).isFalse();
        assertThat(skipped.code()).isEqualTo("provider_circuit_open");
        assertThat(skipped.message()).startsWith("skipped: circuit open");
        assertThat(ctx.attempt().lastFailure()).as("a skip is no failure to answer with").isNull();

        advance(ctx);
        breakers.admit(exchange(ctx)); // the next provider's breaker is closed: admitted
    }

    @Test
    void the_last_model_of_a_plan_is_called_even_with_its_breaker_open_and_its_outcome_is_not_counted() {
        open("tight");
        RequestContext ctx = context("other/model-b", "tight/model-a");
        advance(ctx);
        Exchange last = exchange(ctx);

        breakers.admit(last);
        breakers.answered(last);

        assertThat(ctx.attempt().failures()).isEmpty();
        assertThat(breakers.state("tight")).isEqualTo(State.OPEN);
    }

    private void open(String provider) {
        for (int i = 0; i < 4; i++) {
            call(provider, ERRORS.map(provider, 503, null, null, null));
        }
        assertThat(breakers.state(provider)).isEqualTo(State.OPEN);
    }

    /** One admitted call of a single-model request: answered when fault is null, else failed. */
    private void call(String provider, UpstreamException fault) {
        Exchange ex = exchange(context(provider + "/model-a"));
        breakers.admit(ex);
        if (fault == null) {
            breakers.answered(ex);
        } else {
            breakers.failed(ex, fault);
        }
    }

    private static RequestContext context(String... models) {
        InboundRequest request = new InboundRequest("req_breaker", Endpoint.CHAT)
                .withPlan(List.of(models).stream().map(ProviderBreakersTest::entry).toList());
        RequestContext ctx = new RequestContext(request, new AttemptRecord(request.startNanos()));
        advance(ctx);
        return ctx;
    }

    private static void advance(RequestContext ctx) {
        ctx.attempt().advance(ctx.request().plan(),
                e -> new ModelTarget(e, PROPERTIES.provider(e.provider()), ctx.attempt().attemptCount() + 1));
    }

    private static CatalogEntry entry(String id) {
        return new CatalogEntry(id, "test", 8192, null, null, null);
    }

    private static Exchange exchange(RequestContext ctx) {
        Exchange ex = new DefaultExchange(CAMEL);
        ex.setProperty(InboundRequest.PROPERTY, ctx.request());
        ex.setProperty(AttemptRecord.PROPERTY, ctx.attempt());
        return ex;
    }
}
