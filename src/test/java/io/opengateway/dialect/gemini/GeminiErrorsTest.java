package io.opengateway.dialect.gemini;

import org.junit.jupiter.api.Test;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.UpstreamException;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static io.opengateway.dialect.gemini.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

class GeminiErrorsTest {

    private final UpstreamErrors errors = RecordingSink.errors();

    private UpstreamException map(int status, String fixture, String retryAfter) {
        return GeminiErrors.map(errors, "google", status, fixture == null ? null : json(fixture), retryAfter);
    }

    @Test
    void resource_exhausted_is_a_429_with_retry_after_from_retry_info() {
        UpstreamException e = map(429, "error-429.json", null);

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).isEqualTo("33");
        assertThat(e.getMessage()).startsWith("You exceeded your current quota");
    }

    @Test
    void a_retry_after_header_wins_and_fractions_round_up() throws Exception {
        assertThat(map(429, "error-429.json", "5").retryAfter()).isEqualTo("5");
        var body = JSON.readTree("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"m\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.2s\"}]}}");
        assertThat(GeminiErrors.map(errors, "google", 429, body, null).retryAfter()).isEqualTo("2");
    }

    @Test
    void a_context_window_overflow_is_context_length_exceeded_with_geminis_message_wrapped_or_not() {
        for (String fixture : new String[] {"error-400.json", "error-400-context-array.json"}) {
            UpstreamException e = map(400, fixture, null);

            assertThat(e.status()).as(fixture).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.code()).as(fixture).isEqualTo("context_length_exceeded");
            assertThat(e.getMessage()).matches("The input token count \\(\\d+\\) exceeds the maximum number of tokens allowed \\(1048576\\)\\.");
        }
    }

    @Test
    void another_request_error_is_mirrored_with_geminis_status_and_message() {
        UpstreamException e = map(400, "error-400-array.json", null);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_argument");
        assertThat(e.getMessage()).startsWith("Function call is missing a thought_signature");
    }

    @Test
    void only_geminis_exact_wording_on_a_400_invalid_argument_counts_as_an_overflow() throws Exception {
        String[][] nearMisses = {
                {"400", "INVALID_ARGUMENT", "The input token count exceeds the maximum number of tokens allowed."},
                {"400", "INVALID_ARGUMENT", "Request contains an invalid argument: the input token count (5) exceeds the maximum number of tokens allowed (4)."},
                {"400", "FAILED_PRECONDITION", "The input token count (1200345) exceeds the maximum number of tokens allowed (1048576)."},
                {"500", "INTERNAL", "The input token count (1200345) exceeds the maximum number of tokens allowed (1048576)."}};
        for (String[] m : nearMisses) {
            var body = JSON.readTree("{\"error\":{\"code\":" + m[0] + ",\"status\":\"" + m[1] + "\",\"message\":\"" + m[2] + "\"}}");
            assertThat(GeminiErrors.map(errors, "google", Integer.parseInt(m[0]), body, null).code()).as(m[2])
                    .isNotEqualTo("context_length_exceeded");
        }
    }

    @Test
    void a_rejected_key_is_the_gateways_trouble_whatever_status_gemini_gives() {
        for (UpstreamException e : new UpstreamException[] {map(400, "error-400-api-key.json", null),
                map(403, "error-403.json", null)}) {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("upstream_auth_failed");
            assertThat(e.getMessage()).contains("opengateway.providers.google.api-key");
        }
    }

    @Test
    void server_trouble_and_an_unknown_model_are_502s() {
        assertThat(map(503, "error-503.json", null).status()).isEqualTo(502);
        assertThat(map(503, "error-503.json", null).getMessage()).contains("overloaded");
        assertThat(map(404, "error-404.json", null).code()).isEqualTo("upstream_model_not_found");
        assertThat(map(502, null, null).getMessage()).contains("not its error JSON");
    }

    @Test
    void the_key_is_redacted_when_gemini_quotes_it() throws Exception {
        var body = JSON.readTree("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"message\":\"bad request for "
                + RecordingSink.KEY + "\"}}");

        assertThat(GeminiErrors.map(errors, "google", 400, body, null).getMessage())
                .doesNotContain(RecordingSink.KEY).contains("[redacted]");
    }
}
