package io.opengateway.ops;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's meters after known traffic: request counts by served model and outcome, tokens as
 * the providers reported them, time to first token, fallbacks, and cost counters that add up to
 * the billing records. Counts are taken as differences, as the context is shared with other tests.
 */
class GatewayMetricsTest extends GatewayTestBase {

    private static final String MINI = "openai/gpt-4o-mini";
    private static final String SONNET = "anthropic/claude-sonnet-4-6";
    private static final String HAIKU = "anthropic/claude-haiku-4-5";

    @Autowired
    MeterRegistry registry;

    @Autowired
    UsageQueries queries;

    @LocalManagementPort
    int managementPort;

    @Test
    void requests_tokens_fallbacks_and_costs_are_counted_as_served() throws Exception {
        double okBefore = requests(MINI, "2xx", "ok", false);
        double streamedBefore = requests(SONNET, "2xx", "ok", true);
        double refusedBefore = requests("none", "4xx", "error", false);
        double inputBefore = tokens(MINI, "input");
        double outputBefore = tokens(MINI, "output");
        double sonnetInputBefore = tokens(SONNET, "input");
        double sonnetCachedBefore = tokens(SONNET, "cached");
        double sonnetOutputBefore = tokens(SONNET, "output");
        long firstTokensBefore = firstTokens(SONNET);
        double fallbacksBefore = fallbacks(HAIKU, "502");
        double miniBilledBefore = usd("opengateway.billed.cost", MINI);
        double miniProviderBefore = usd("opengateway.provider.cost", MINI);
        double sonnetBilledBefore = usd("opengateway.billed.cost", SONNET);

        List<String> miniRequests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
            HttpResponse<String> r = post("/v1/chat/completions", chat(MINI));
            assertThat(r.statusCode()).isEqualTo(200);
            miniRequests.add(requestId(r));
        }
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        HttpResponse<String> fellBack = post("/v1/chat/completions", "{\"model\":\"" + HAIKU + "\",\"models\":[\""
                + MINI + "\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(fellBack.headers().firstValue("x-opengateway-model")).hasValue(MINI);
        miniRequests.add(requestId(fellBack));
        ANTHROPIC.enqueue(FakeUpstream.sse(sseFixture("anthropic/stream-text.sse"), Duration.ZERO));
        HttpResponse<String> streamed = post("/v1/chat/completions", "{\"model\":\"" + SONNET
                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
        assertThat(post("/v1/chat/completions", chat(MINI), "og-not-a-key").statusCode()).isEqualTo(401);

        // counted by the observed onCompletion, which runs once the answer is written: a client may
        // read its answer a moment before (as with the cost counters below)
        Awaitility.await("the request meters").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    assertThat(requests(MINI, "2xx", "ok", false) - okBefore).isEqualTo(3);
                    assertThat(requests(SONNET, "2xx", "ok", true) - streamedBefore).isEqualTo(1);
                    assertThat(requests("none", "4xx", "error", false) - refusedBefore).isEqualTo(1);
                    // openai/chat-completion.json: 19 prompt and 10 completion tokens, three times
                    assertThat(tokens(MINI, "input") - inputBefore).isEqualTo(57);
                    assertThat(tokens(MINI, "output") - outputBefore).isEqualTo(30);
                    // anthropic/stream-text.sse: 25 uncached + 100 cache reads in, 15 out (message_delta overwrites 1)
                    assertThat(tokens(SONNET, "input") - sonnetInputBefore).isEqualTo(125);
                    assertThat(tokens(SONNET, "cached") - sonnetCachedBefore).isEqualTo(100);
                    assertThat(tokens(SONNET, "output") - sonnetOutputBefore).isEqualTo(15);
                    assertThat(firstTokens(SONNET) - firstTokensBefore).isEqualTo(1);
                    assertThat(fallbacks(HAIKU, "502") - fallbacksBefore).isEqualTo(1);
                });

        // the cost counters count what the billing records charge (as doubles: a dashboard's figures)
        BigDecimal miniBilled = BigDecimal.ZERO;
        BigDecimal miniProvider = BigDecimal.ZERO;
        for (String id : miniRequests) {
            BillingRecord rec = awaitRecord(queries, id);
            miniBilled = miniBilled.add(rec.cost().total());
            miniProvider = miniProvider.add(rec.cost().providerCost());
        }
        BigDecimal sonnetBilled = awaitRecord(queries, requestId(streamed)).cost().total();
        double expectMini = miniBilled.doubleValue();
        double expectMiniProvider = miniProvider.doubleValue();
        double expectSonnet = sonnetBilled.doubleValue();
        Awaitility.await("the cost counters").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    assertThat(usd("opengateway.billed.cost", MINI) - miniBilledBefore).isCloseTo(expectMini,
                            org.assertj.core.data.Offset.offset(1e-15));
                    assertThat(usd("opengateway.provider.cost", MINI) - miniProviderBefore).isCloseTo(expectMiniProvider,
                            org.assertj.core.data.Offset.offset(1e-15));
                    assertThat(usd("opengateway.billed.cost", SONNET) - sonnetBilledBefore).isCloseTo(expectSonnet,
                            org.assertj.core.data.Offset.offset(1e-15));
                });
        assertThat(expectMini).isGreaterThan(0);
    }

    @Test
    void meters_carry_no_account_key_or_prompt() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        post("/v1/chat/completions", "{\"model\":\"" + MINI
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"a-secret-prompt-4711\"}]}");

        List<String> tagValues = registry.getMeters().stream()
                .flatMap(m -> m.getId().getTags().stream()).map(t -> t.getValue()).toList();
        assertThat(tagValues).isNotEmpty().noneMatch(v -> v.contains("test-account") || v.contains("a-secret-prompt")
                || v.contains(OPENAI_KEY) || v.contains(ADMIN_TOKEN) || v.contains(gatewayKey()) || v.startsWith("key_"));
        assertThat(registry.find("opengateway.requests").counters()).allSatisfy(c -> assertThat(c.getId().getTags())
                .extracting(t -> t.getKey())
                .containsExactlyInAnyOrder("endpoint", "provider", "model", "status", "outcome", "streamed"));
    }

    @Test
    void readiness_includes_the_billing_backlog_and_the_backlog_is_a_gauge() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode health = json(r.body());

        assertThat(health.path("components").path("billingBacklog").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(registry.find("opengateway.billing.backlog").gauge()).isNotNull();
    }

    private double requests(String model, String status, String outcome, boolean streamed) {
        Counter c = registry.find("opengateway.requests").tags("endpoint", "chat", "model", model, "status", status,
                "outcome", outcome, "streamed", Boolean.toString(streamed)).counter();
        return c == null ? 0 : c.count();
    }

    private double tokens(String model, String type) {
        Counter c = registry.find("opengateway.tokens").tags("model", model, "type", type).counter();
        return c == null ? 0 : c.count();
    }

    private long firstTokens(String model) {
        Timer t = registry.find("opengateway.stream.first.token").tags("model", model).timer();
        return t == null ? 0 : t.count();
    }

    private double fallbacks(String model, String status) {
        Counter c = registry.find("opengateway.fallbacks").tags("model", model, "status", status).counter();
        return c == null ? 0 : c.count();
    }

    private double usd(String name, String model) {
        Counter c = registry.find(name).tags("model", model).counter();
        return c == null ? 0 : c.count();
    }
}
