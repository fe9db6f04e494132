package io.opengateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FaultProviders;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NextModel;
import io.opengateway.support.SseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults below HTTP, for each dialect (the test-only providers of FaultProviders): a refused
 * connection, a reset before any status line, a connect that never completes, no answer within
 * the read timeout. Each moves a request on to its next model, streamed or not; with no model left
 * it is docs/api.md's status.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamFaultsTest extends GatewayTestBase {

    /** fault provider, dialect, the status alone, its code, what its message says. */
    static Stream<Arguments> faults() {
        List<Arguments> out = new ArrayList<>();
        for (String d : FaultProviders.DIALECTS) {
            out.add(Arguments.of("deadend", d, 502, "upstream_unavailable", "connection refused"));
            out.add(Arguments.of("reset", d, 502, "upstream_unavailable", "reset the connection"));
            out.add(Arguments.of("blackhole", d, 504, "upstream_timeout", "connect timeout"));
            out.add(Arguments.of("brisk", d, 504, "upstream_timeout", "read timeout"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("faults")
    void the_next_model_serves(String fault, String dialect, int status, String code, String says) throws Exception {
        NextModel next = fail(fault, dialect);
        next.answers();

        var r = post("/v1/chat/completions", chat(false, FaultProviders.model(fault, dialect), next.model()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(next.model());
        assertThat(r.headers().firstValue("x-opengateway-attempts")).hasValue("2");
        assertThat(next.fake().requests()).hasSize(1);
        assertReached(fault, dialect);
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("faults")
    void the_next_model_serves_a_stream(String fault, String dialect, int status, String code, String says) throws Exception {
        NextModel next = fail(fault, dialect);
        next.streams();

        var r = post("/v1/chat/completions", chat(true, FaultProviders.model(fault, dialect), next.model()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-model")).hasValue(next.model());
        assertThat(SseBody.text(r.body())).isEqualTo("Hello there!");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        assertReached(fault, dialect);
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("faults")
    void with_no_model_left_it_is_the_tables_status(String fault, String dialect, int status, String code, String says) throws Exception {
        String model = FaultProviders.model(fault, dialect);
        fail(fault, dialect);

        var r = post("/v1/chat/completions", chat(false, model));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains("Provider '" + fault + dialect + "'").contains(says);
        assertThat(error.path("attempts")).hasSize(1);
        assertThat(error.path("attempts").get(0).path("model").asText()).isEqualTo(model);
    }

    /**
     * Sets the fault up where it needs a fake (the slow answer of a brisk provider: longer than its
     * 1 s read timeout, so the gateway gives up first) and returns the model to fall back to.
     */
    private static NextModel fail(String fault, String dialect) {
        if (fault.equals("brisk")) {
            FaultProviders.fake(dialect).enqueue(FakeUpstream.delayed(Duration.ofSeconds(3),
                    FakeUpstream.json(500, "{\"error\":{\"message\":\"too late\"}}")));
        }
        return NextModel.after(dialect);
    }

    /** The request reached the reset and the brisk providers' peers; refused and unconnected ones saw nothing. */
    private static void assertReached(String fault, String dialect) {
        assertThat(RESETTER.requests()).isEqualTo(fault.equals("reset") ? 1 : 0);
        if (fault.equals("brisk")) {
            assertThat(FaultProviders.fake(dialect).requests()).hasSize(1);
        }
    }
}
