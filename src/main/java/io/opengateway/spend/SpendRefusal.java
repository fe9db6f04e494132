package io.opengateway.spend;

import io.opengateway.error.GatewayException;

/**
 * A request spend control refuses: {@code 429} in OpenAI's shape, {@code rate_limit_exceeded} (type
 * {@code requests} or {@code tokens}, as OpenAI types its own) or {@code insufficient_quota} for a
 * budget, with {@code Retry-After}; the Messages routes write it as Anthropic's
 * {@code rate_limit_error}. {@code 503} when the shared store is down and the setting says closed.
 */
final class SpendRefusal extends GatewayException {

    private final String retryAfter;
    private final String reason;

    private SpendRefusal(int status, String type, String code, String message, long retryAfterSeconds, String reason) {
        super(status, type, code, null, message);
        this.retryAfter = retryAfterSeconds > 0 ? Long.toString(retryAfterSeconds) : null;
        this.reason = reason;
    }

    static SpendRefusal rate(String what, String message, long retryAfterSeconds) {
        return new SpendRefusal(429, what.equals("tokens") ? "tokens" : "requests", "rate_limit_exceeded", message,
                Math.max(1, retryAfterSeconds), what);
    }

    static SpendRefusal budget(String message, long retryAfterSeconds) {
        return new SpendRefusal(429, "insufficient_quota", "insufficient_quota", message, retryAfterSeconds, "budget");
    }

    static SpendRefusal storeDown() {
        return new SpendRefusal(503, "server_error", "spend_control_unavailable",
                "The gateway cannot check this key's limits or budget right now; try again shortly.", 1, "store_down");
    }

    @Override
    public String retryAfter() {
        return retryAfter;
    }

    /** For the rejection metric: requests, tokens, concurrency, budget or store_down. */
    String reason() {
        return reason;
    }
}
