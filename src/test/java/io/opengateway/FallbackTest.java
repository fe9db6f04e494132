package io.opengateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.Responder;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every fallback trigger, for each provider dialect, non-streamed: the next model serves. */
class FallbackTest extends GatewayTestBase {

    /** A provider dialect as the tests drive it: its fake, a model, and its own error bodies. */
    record Dialect(String name, FakeUpstream fake, String model, String ok, Map<Integer, String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Dialect OPENAI_D = new Dialect("openai", OPENAI, "openai/gpt-4o-mini", fixture("openai/chat-completion.json"),
            Map.of(400, fixture("openai/error-400-context.json"), 401, fixture("openai/error-401.json"),
                    429, fixture("openai/error-429.json"), 500, fixture("openai/error-500.json"),
                    503, fixture("openai/error-500.json")));
    static final Dialect ANTHROPIC_D = new Dialect("anthropic", ANTHROPIC, "anthropic/claude-haiku-4-5",
            fixture("anthropic/message-text-with-cache.json"),
            Map.of(400, fixture("anthropic/error-400.json"), 401, fixture("anthropic/error-401.json"),
                    429, fixture("anthropic/error-429.json"), 500, fixture("anthropic/error-500.json"),
                    529, fixture("anthropic/error-529.json")));
    static final Dialect GEMINI_D = new Dialect("gemini", GOOGLE, "google/gemini-3.8-flash", fixture("gemini/generate-content.json"),
            Map.of(400, fixture("gemini/error-400.json"), 401, fixture("gemini/error-403.json"),
                    429, fixture("gemini/error-429.json"), 500, fixture("gemini/error-503.json"),
                    503, fixture("gemini/error-503.json")));

    /** The ways an upstream can fail that must move a request on to its next model. */
    static Stream<Arguments> triggers() {
        List<Arguments> out = new ArrayList<>();
        for (Dialect d : List.of(OPENAI_D, ANTHROPIC_D, GEMINI_D)) {
            int overloaded = d == ANTHROPIC_D ? 529 : 503;
            out.add(Arguments.of(d, "5xx", FakeUpstream.json(500, d.errors().get(500))));
            out.add(Arguments.of(d, "overloaded " + overloaded, FakeUpstream.json(overloaded, d.errors().getOrDefault(overloaded, d.errors().get(500)))));
            out.add(Arguments.of(d, "429", FakeUpstream.json(429, d.errors().get(429), Map.of("Retry-After", "3"))));
            out.add(Arguments.of(d, "408", FakeUpstream.json(408, "{}")));
            out.add(Arguments.of(d, "context window exceeded 400", FakeUpstream.json(400, d.errors().get(400))));
            out.add(Arguments.of(d, "provider auth failure", FakeUpstream.json(d == GEMINI_D ? 403 : 401, d.errors().get(401))));
            out.add(Arguments.of(d, "model not found upstream", FakeUpstream.json(404, "{\"error\":{\"message\":\"no such model\"}}")));
            // refused, reset, connect and read timeouts: UpstreamFaultsTest (providers of their own, quick timeouts)
            out.add(Arguments.of(d, "connection dropped mid-body", FakeUpstream.dropConnection()));
            out.add(Arguments.of(d, "html error page", FakeUpstream.raw(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>", Map.of())));
            out.add(Arguments.of(d, "truncated json", FakeUpstream.raw(200, "application/json", "{\"id\":", Map.of())));
        }
        return out.stream();
    }

    static Dialect fallbackFor(Dialect d) {
        return d == OPENAI_D ? ANTHROPIC_D : OPENAI_D;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("triggers")
    void an_upstream_failure_moves_on_to_the_next_model(Dialect primary, String trigger, Responder failure) throws Exception {
        Dialect next = fallbackFor(primary);
        primary.fake().enqueue(failure);
        next.fake().enqueue(FakeUpstream.json(200, next.ok()));

        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + primary.model() + "\",\"models\":[\""
                + next.model() + "\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("model").asText()).isEqualTo(next.model());
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(next.model());
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
        assertThat(primary.fake().requests()).hasSize(1);
        assertThat(next.fake().requests()).hasSize(1);
    }

    @Test
    void falls_back_across_all_three_providers_in_order() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(500, fixture("openai/error-500.json")));
        GOOGLE.enqueue(FakeUpstream.json(200, fixture("gemini/generate-content.json")));

        var r = post("/v1/chat/completions", "{\"models\":[\"anthropic/claude-haiku-4-5\",\"openai/gpt-4o\","
                + "\"google/gemini-3.8-flash\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-provider")).hasValue("google");
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("3");
        assertThat(json(r.body()).path("model").asText()).isEqualTo("google/gemini-3.8-flash");
    }

    @Test
    void when_every_model_fails_the_caller_gets_the_last_failure_with_every_attempt() throws Exception {
        ANTHROPIC.enqueue(FakeUpstream.json(529, fixture("anthropic/error-529.json")));
        OPENAI.enqueue(FakeUpstream.json(429, fixture("openai/error-429.json"), Map.of("Retry-After", "9")));

        var r = post("/v1/chat/completions", "{\"model\":\"anthropic/claude-haiku-4-5\",\"models\":[\"openai/gpt-4o\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("9");
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("Rate limit reached");
        JsonNode attempts = error.path("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("model").asText()).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(attempts.get(0).path("status").asInt()).isEqualTo(502);
        assertThat(attempts.get(0).path("message").asText()).contains("Overloaded");
        assertThat(attempts.get(1).path("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(attempts.get(1).path("status").asInt()).isEqualTo(429);
        assertThat(attempts.get(1).path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    /** A plan of one model goes round the failover balancer; its failure must read exactly as it did through it. */
    @Test
    void a_single_models_failure_is_the_used_up_plan_with_its_one_attempt() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(429, fixture("openai/error-429.json"),
                Map.of("Retry-After", "9", "x-upstream-only", "never passed on")));

        var r = post("/v1/chat/completions", chat("openai/gpt-4o"));

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("9");
        assertThat(r.headers().firstValue("x-upstream-only")).isEmpty();
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("1");
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue("openai/gpt-4o");
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("attempts")).hasSize(1);
        assertThat(error.path("attempts").get(0).path("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(error.path("attempts").get(0).path("status").asInt()).isEqualTo(429);
        assertThat(OPENAI.requests()).hasSize(1);
    }

    @Test
    void the_gateways_own_validation_errors_never_fall_back() throws Exception {
        var n2 = post("/v1/chat/completions", "{\"model\":\"anthropic/claude-haiku-4-5\",\"models\":[\"openai/gpt-4o\"],"
                + "\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(n2.statusCode()).isEqualTo(400);
        assertThat(json(n2.body()).path("error").path("param").asText()).isEqualTo("n");

        var bad = post("/v1/chat/completions", "{\"model\":\"anthropic/claude-haiku-4-5\",\"models\":[\"openai/gpt-4o\"],"
                + "\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);

        assertThat(ANTHROPIC.requests()).isEmpty();
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void every_listed_model_must_be_in_the_catalog_before_any_call() throws Exception {
        var r = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o\",\"models\":[\"openai/gpt-9\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r.body()).path("error").path("message").asText()).contains("openai/gpt-9");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void duplicates_are_tried_once_and_attempts_are_bounded() throws Exception {
        OPENAI.always(FakeUpstream.json(500, fixture("openai/error-500.json")));

        var r = post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o\",\"models\":[\"openai/gpt-4o\",\"openai/gpt-4o-mini\","
                + "\"openai/gpt-4o-mini\",\"openai/gpt-4.1\",\"openai/gpt-4.1-mini\",\"openai/gpt-6-luna\",\"openai/o3\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("5");
        assertThat(OPENAI.requests()).extracting(q -> json(q.body()).path("model").asText())
                .containsExactly("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-6-luna");
    }

    @Test
    void the_gateways_provider_keys_are_redacted_from_what_it_passes_on() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(400, "{\"error\":{\"message\":\"Invalid header 'Authorization: Bearer " + OPENAI_KEY
                + "' for this request\",\"type\":\"invalid_request_error\",\"code\":\"bad_header\"}}"));

        var r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain(OPENAI_KEY).contains("[redacted]");
    }
}
