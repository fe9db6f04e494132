package io.opengateway.error;

import java.util.List;

/**
 * A failure the caller gets in OpenAI's error shape. Thrown by the gateway's own checks; these
 * never trigger a fallback (only {@link UpstreamException} does).
 */
public class GatewayException extends RuntimeException {

    private static final int QUOTE_MAX = 120;

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public GatewayException(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static GatewayException badRequest(String param, String message) {
        return new GatewayException(400, "invalid_request_error", "invalid_request", param, message);
    }

    /** A parameter the chosen provider cannot honour without changing the answer's meaning. */
    public static GatewayException unsupported(String param, String provider, String message) {
        return new GatewayException(400, "invalid_request_error", "unsupported_parameter", param,
                message + " (provider: " + provider + ")");
    }

    public static GatewayException modelNotFound(String model, String why) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                "The model " + quote(model) + " " + why);
    }

    /**
     * A value of the request quoted in a message: whole when short, else its start and its length, so
     * that an answer never echoes a megabyte back.
     */
    public static String quote(String value) {
        if (value == null || value.length() <= QUOTE_MAX) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, QUOTE_MAX - 20) + "…' (" + value.length() + " characters)";
    }

    public static GatewayException invalidApiKey(String message) {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    /** The gateway itself cannot serve the request right now (a dependency of its own is down): 503. */
    public static GatewayException unavailable(String code, String retryAfterSeconds, String message) {
        return new GatewayException(503, "server_error", code, null, message) {
            @Override
            public String retryAfter() {
                return retryAfterSeconds;
            }
        };
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    public String retryAfter() {
        return null;
    }

    /** The attempts to list in {@code error.attempts}; empty when none reached a provider. */
    public List<Attempt> attempts() {
        return List.of();
    }
}
