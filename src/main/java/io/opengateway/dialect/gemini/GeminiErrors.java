package io.opengateway.dialect.gemini;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.UpstreamException;

/**
 * Gemini's error JSON ({@code {"error": {"code", "status", "message", "details"}}}, sometimes
 * wrapped in an array) through docs/api.md's table. Two Gemini particulars: the wait of a 429 is in a
 * {@code google.rpc.RetryInfo} detail, and a wrong key is a 400 with reason
 * {@code API_KEY_INVALID}, which is the gateway's trouble (502), not the caller's. A context window
 * overflow gets OpenAI's code, {@code context_length_exceeded}.
 */
final class GeminiErrors {

    /**
     * Gemini's wording of a context window overflow, a 400 {@code INVALID_ARGUMENT}
     * (https://ai.google.dev/gemini-api/docs/troubleshooting lists the status, not the text; the text
     * as the API sends it, e.g. github.com/google-gemini/gemini-cli/issues/6678). Matched whole.
     */
    private static final Pattern CONTEXT_OVERFLOW = Pattern.compile(
            "The input token count \\(\\d+\\) exceeds the maximum number of tokens allowed \\(\\d+\\)\\.?");

    private GeminiErrors() {
    }

    /**
     * @param body        the parsed error body, or null when it was not JSON
     * @param retryAfter  the Retry-After header, which wins over RetryInfo
     */
    static UpstreamException map(UpstreamErrors errors, String provider, int status, JsonNode body,
            String retryAfter) {
        JsonNode e = error(body);
        if (e == null) {
            return errors.map(provider, status, null, null, retryAfter);
        }
        String message = e.path("message").asText(null);
        String code = e.hasNonNull("status") ? e.get("status").asText().toLowerCase(Locale.ROOT) : null;
        if (status == 400 && "invalid_argument".equals(code) && message != null
                && CONTEXT_OVERFLOW.matcher(message).matches()) {
            return errors.contextLengthExceeded(provider, message, null);
        }
        int effective = status == 400 && keyRejected(e) ? 401 : status;
        return errors.map(provider, effective, message, code, retryAfter != null ? retryAfter : retryDelay(e));
    }

    /** The {@code error} object of a body, or null. */
    static JsonNode error(JsonNode body) {
        JsonNode b = body != null && body.isArray() && !body.isEmpty() ? body.get(0) : body;
        JsonNode e = b == null ? null : b.get("error");
        return e != null && e.isObject() ? e : null;
    }

    private static boolean keyRejected(JsonNode e) {
        for (JsonNode d : e.path("details")) {
            if (d.path("reason").asText("").startsWith("API_KEY_")) {
                return true;
            }
        }
        return false;
    }

    /** RetryInfo's {@code retryDelay} ("26s", "1.5s") as whole seconds, rounded up; null when absent. */
    static String retryDelay(JsonNode e) {
        for (JsonNode d : e.path("details")) {
            if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                String delay = d.path("retryDelay").asText("");
                if (delay.endsWith("s")) {
                    try {
                        BigDecimal secs = new BigDecimal(delay.substring(0, delay.length() - 1));
                        return secs.setScale(0, RoundingMode.CEILING).max(BigDecimal.ZERO).toPlainString();
                    } catch (NumberFormatException ignored) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
