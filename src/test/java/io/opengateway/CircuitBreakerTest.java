package io.opengateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageEvent.AttemptLine;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.Responder;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Circuit breakers with their default settings (the test-only providers "steady" and "outage", the
 * latter open for an hour once tripped, so that no probe depends on the machine's speed): a
 * quiet gateway does not trip on a few isolated faults; a provider down under load is skipped by
 * requests that have a fallback, and still called by the ones that have no other model.
 */
class CircuitBreakerTest extends GatewayTestBase {

    private static final String FALLBACK = "openai/gpt-4o-mini";

    @Autowired
    MeterRegistry meters;

    @Autowired
    UsageQueries queries;

    private double state(String provider) {
        Gauge g = meters.find("opengateway.circuit.breaker.state").tag("provider", provider).gauge();
        return g == null ? 0 : g.value();
    }

    private static String body(boolean stream, String marker, String... models) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < models.length; i++) {
            list.append(i > 1 ? "," : "").append('"').append(models[i]).append('"');
        }
        return "{\"model\":\"" + models[0] + "\",\"models\":[" + list + "],\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}";
    }

    @Test
    void a_quiet_gateway_keeps_calling_a_provider_through_a_few_isolated_faults() throws Exception {
        Responder ok = FakeUpstream.json(200, fixture("openai/chat-completion.json"));
        Responder malformedStream = FakeUpstream.sse(List.of("data: {\"choices\": [{\"delta\": {\"conte"), Duration.ZERO);
        // one 500, one malformed stream, one reset; each followed by a healthy answer
        List<Responder> steady = List.of(FakeUpstream.json(500, fixture("openai/error-500.json")), ok,
                malformedStream, ok, FakeUpstream.dropConnection(), ok, ok, ok,
                FakeUpstream.json(429, fixture("openai/error-429.json")), ok, ok);
        steady.forEach(BREAKER_DEFAULTS::enqueue);
        OPENAI.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < steady.size(); i++) {
            boolean stream = steady.get(i) == malformedStream;
            if (stream) {
                OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));
            }
            var r = post("/v1/chat/completions", body(stream, "quiet-" + i, "steady/model-s", FALLBACK));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            servedBy.add(r.headers().firstValue("x-opengateway-model").orElseThrow());
        }

        assertThat(BREAKER_DEFAULTS.requests()).as("every request tried the provider first").hasSize(steady.size());
        for (int i = 0; i < steady.size(); i++) {
            assertThat(servedBy.get(i)).as("request %d", i).isEqualTo(steady.get(i) == ok ? "steady/model-s" : FALLBACK);
        }
        assertThat(state("steady")).isEqualTo(0.0);
    }

    /** One request of the load: whether it had a fallback, the breaker's state when it left, its answer. */
    private record Sent(boolean withFallback, String marker, boolean openAtSend, HttpResponse<String> response) {
    }

    @Test
    void a_provider_down_under_load_is_skipped_by_requests_with_a_fallback_and_still_called_by_the_others()
            throws Exception {
        BREAKER_DEFAULTS.always(FakeUpstream.json(500, fixture("openai/error-500.json")));
        OPENAI.always(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        boolean withFallback = i % 2 == 0;
                        String marker = (withFallback ? "fallback-" : "single-") + client + "-" + i;
                        boolean open = state("outage") == 1.0;
                        var r = withFallback ? post("/v1/chat/completions", body(false, marker, "outage/model-o", FALLBACK))
                                : post("/v1/chat/completions", body(false, marker, "outage/model-o"));
                        sent.add(new Sent(withFallback, marker, open, r));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(state("outage")).as("the breaker opened").isEqualTo(1.0);
        Set<String> called = BREAKER_DEFAULTS.requests().stream()
                .map(r -> r.body().replaceAll("(?s).*\"content\":\"([^\"]+)\".*", "$1")).collect(Collectors.toSet());
        long skipped = 0;
        for (Sent s : sent) {
            var r = s.response();
            if (!s.withFallback()) {
                // no other model: called every time, and the answer is the provider's own error
                assertThat(called).as(s.marker()).contains(s.marker());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
                assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("upstream_error");
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(FALLBACK);
            if (s.openAtSend()) {
                skipped++;
                assertThat(called).as(s.marker() + " skipped the open provider").doesNotContain(s.marker());
                assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
                BillingRecord rec = awaitRecord(queries, requestId(r));
                assertThat(rec.status()).isEqualTo("ok");
                assertThat(rec.event().attempts()).isEqualTo(2);
                assertThat(rec.event().failedAttempts()).singleElement().satisfies(a -> assertSkipped(a, "outage/model-o"));
            }
        }
        assertThat(skipped).as("most requests with a fallback came after the breaker opened").isGreaterThan(10);
        var skips = meters.find("opengateway.fallbacks").tag("provider", "outage").tag("status", "skipped").counter();
        assertThat(skips).isNotNull();
        assertThat(skips.count()).as("skips counted as fallbacks").isGreaterThanOrEqualTo(skipped);

        // the real answer of a single-model request comes through an open breaker: a 429 stays a 429
        BREAKER_DEFAULTS.enqueue(FakeUpstream.json(429, fixture("openai/error-429.json"), Map.of("Retry-After", "7")));
        var limited = post("/v1/chat/completions", body(false, "limited", "outage/model-o"));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");

        // a fallback behind an open breaker is still tried when it is the last model
        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));
        BREAKER_DEFAULTS.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        var rescued = post("/v1/chat/completions", body(false, "rescued", FALLBACK, "outage/model-o"));
        assertThat(rescued.statusCode()).as(rescued.body()).isEqualTo(200);
        assertThat(rescued.headers().firstValue("x-opengateway-model")).hasValue("outage/model-o");

        // when every model fails, the answer is the error of the model really tried; the skip is listed
        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));
        var failed = post("/v1/chat/completions", body(false, "failed", "outage/model-o", FALLBACK));
        JsonNode error = json(failed.body()).path("error");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(error.path("code").asText()).isEqualTo("upstream_error");
        assertThat(error.path("message").asText()).contains("Provider 'openai'");
        assertThat(error.path("attempts")).hasSize(2);
        assertThat(error.path("attempts").get(0).path("model").asText()).isEqualTo("outage/model-o");
        assertThat(error.path("attempts").get(0).path("status").asInt()).isZero();
        assertThat(error.path("attempts").get(0).path("code").asText()).isEqualTo("provider_circuit_open");
        assertThat(error.path("attempts").get(0).path("message").asText()).startsWith("skipped: circuit open");
        assertThat(error.path("attempts").get(1).path("status").asInt()).isEqualTo(502);
        assertThat(BREAKER_DEFAULTS.requests()).as("the open provider was skipped")
                .noneMatch(r -> r.body().contains("\"failed\""));
    }

    private static void assertSkipped(AttemptLine a, String model) {
        assertThat(a.model()).isEqualTo(model);
        assertThat(a.status()).isZero();
        assertThat(a.code()).isEqualTo("provider_circuit_open");
        assertThat(a.usage()).isNull();
    }
}
