package io.opengateway.error;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * The gateway's failures in Anthropic's error shape, {@code {"type": "error", "error": {"type",
 * "message"}}}, with Anthropic's statuses and types (https://docs.claude.com/en/api/errors): an
 * overloaded provider is {@code 529 overloaded_error}, whichever provider it was.
 */
public final class AnthropicErrors {

    public static final int OVERLOADED = 529;

    private AnthropicErrors() {
    }

    /** The HTTP status a Messages client gets for the failure. */
    public static int status(GatewayException e) {
        return overloaded(e) ? OVERLOADED : e.status();
    }

    public static String type(GatewayException e) {
        if (overloaded(e)) {
            return "overloaded_error";
        }
        return switch (e.status()) {
            case 400, 405, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            default -> e.status() < 500 ? "invalid_request_error" : "api_error";
        };
    }

    public static ObjectNode body(GatewayException e) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("type", "error");
        ObjectNode err = root.putObject("error");
        err.put("type", type(e));
        err.put("message", e.getMessage());
        return root;
    }

    /** A provider that said it is overloaded: Anthropic's 529, or a 503 of another provider. */
    private static boolean overloaded(GatewayException e) {
        if (e instanceof AttemptsFailedException a) {
            e = a.last();
        }
        Integer upstream = e instanceof UpstreamException u ? u.upstreamStatus() : null;
        return "overloaded_error".equals(e.code()) || upstream != null && (upstream == OVERLOADED || upstream == 503);
    }
}
