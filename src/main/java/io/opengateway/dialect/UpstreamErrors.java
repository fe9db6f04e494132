package io.opengateway.dialect;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.error.UpstreamException;

/**
 * docs/api.md's table for upstream failures, in one place for every dialect: what the caller can act
 * on is mirrored (400, 409, 413, 422, 429), the gateway's own upstream trouble is a gateway status
 * (401/402/403 and 5xx → 502, 408 → 504). Every message passes the key redactor.
 */
@Component
public class UpstreamErrors {

    /**
     * OpenAI's code for a prompt longer than the model's context window. A client that trims its
     * history on it works with every provider: each dialect recognises its own provider's wording of
     * the overflow and reports it with this code (docs/api.md's error table).
     */
    public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

    private final Redactor redactor;

    public UpstreamErrors(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * @param message the provider's own message, or null when its body was not its error JSON
     * @param code    the provider's error code or type, or null
     */
    public UpstreamException map(String provider, int status, String message, String code, String retryAfter) {
        return map(provider, status, message, code, null, retryAfter);
    }

    /** @param param the request parameter the provider's error names, or null */
    public UpstreamException map(String provider, int status, String message, String code, String param,
            String retryAfter) {
        String msg = message == null ? null : redactor.redact(message);
        String from = "Provider '" + provider + "'";
        if (status == 400 || status == 413 || status == 422) {
            return new UpstreamException(status, "invalid_request_error", code == null ? "upstream_invalid_request" : code,
                    param, msg != null ? msg : from + " rejected the request (HTTP " + status + ")", provider, status, null);
        }
        if (status == 429) {
            return new UpstreamException(429, "rate_limit_error", "rate_limit_exceeded",
                    msg != null ? msg : from + " is rate limiting requests", provider, status, retryAfter);
        }
        if (status == 401 || status == 403) {
            // the provider quotes (part of) our key back here: its text is never passed on
            return UpstreamException.badGateway(provider, "upstream_auth_failed", from
                    + " refused the gateway's credentials (HTTP " + status + "); check opengateway.providers."
                    + provider + ".api-key", status);
        }
        if (status == 402) {
            // Anthropic's billing_error: the gateway's provider account cannot pay, nothing the caller
            // can fix; another model (of another provider) may still serve it
            // (https://platform.claude.com/docs/en/api/errors)
            return UpstreamException.badGateway(provider, "upstream_billing_error", from
                    + " refused the request for a billing problem of the gateway's account (HTTP 402)"
                    + (msg == null ? "" : ": " + msg), status);
        }
        if (status == 409) {
            // Anthropic's conflict_error: the request conflicted with the state of a resource and may
            // be retried; 409 is a status the OpenAI SDKs retry on their own
            return new UpstreamException(409, "invalid_request_error", code == null ? "conflict" : code,
                    msg != null ? msg : from + " reported a conflict (HTTP 409); retry the request", provider, status,
                    null);
        }
        if (status == 408) {
            return new UpstreamException(504, "upstream_error", "upstream_timeout",
                    from + " timed out (HTTP 408)", provider, status, null);
        }
        if (status == 404) {
            return UpstreamException.badGateway(provider, "upstream_model_not_found",
                    from + " does not know the requested model (HTTP 404)" + (msg == null ? "" : ": " + msg), status);
        }
        return UpstreamException.badGateway(provider, "upstream_error",
                msg != null ? from + " failed (HTTP " + status + "): " + msg
                        : from + " failed with HTTP " + status + " and a body that is not its error JSON", status);
    }

    /**
     * The provider refused the prompt as longer than the model's context window (a 400 that a dialect
     * recognised by its provider's wording): {@link #CONTEXT_LENGTH_EXCEEDED}, the provider's message.
     */
    public UpstreamException contextLengthExceeded(String provider, String message, String param) {
        return map(provider, 400, message, CONTEXT_LENGTH_EXCEEDED, param, null);
    }

    /** A 2xx answer whose body is not what the provider's API returns. */
    public UpstreamException malformed(String provider, String what) {
        return UpstreamException.badGateway(provider, "upstream_bad_response",
                "Provider '" + provider + "' returned " + what, null);
    }

    /**
     * An error the provider reported inside a stream that began with HTTP 200. Its type names the
     * status the same error would have had as a response (Anthropic's table,
     * https://docs.claude.com/en/api/errors; OpenAI uses the same words), so that a circuit breaker
     * can tell an overloaded provider from one refusing this request.
     */
    public UpstreamException streamError(String provider, String type, String message) {
        int status = type != null && type.contains("rate_limit") ? 429 : 502;
        String msg = "Provider '" + provider + "' reported an error"
                + (type == null ? "" : " (" + type + ")") + (message == null ? "" : ": " + redactor.redact(message));
        return new UpstreamException(status, status == 429 ? "rate_limit_error" : "upstream_error",
                type == null ? "upstream_error" : type, msg, provider, impliedStatus(type), null);
    }

    private static Integer impliedStatus(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "conflict_error" -> 409;
            case "request_too_large" -> 413;
            case "rate_limit_error", "rate_limit_exceeded" -> 429;
            case "api_error", "server_error" -> 500;
            case "overloaded_error" -> 529;
            default -> null;
        };
    }

    /** One stream event's data as a JSON object; anything else is a malformed answer. */
    public JsonNode eventObject(ObjectMapper json, String provider, String data) {
        try {
            JsonNode n = json.readTree(data);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // reported below
        }
        throw malformed(provider, "a stream event that is not a JSON object");
    }

    public String redact(String s) {
        return redactor.redact(s);
    }

    /** Redacts, in place, the message of an error object the gateway passes on as the provider sent it. */
    public void redactMessage(JsonNode error) {
        if (error instanceof ObjectNode e && e.hasNonNull("message")) {
            e.put("message", redactor.redact(e.get("message").asText()));
        }
    }
}
