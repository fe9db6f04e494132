package io.opengateway.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpStatus;

import io.opengateway.config.GatewayPaths;
import io.opengateway.error.AnthropicErrors;
import io.opengateway.error.GatewayException;

/**
 * Answers that the servlet layer gives before or instead of a route (a refused body, a wrong
 * method), in OpenAI's error shape (Anthropic's on the Messages paths) and with {@code x-request-id} like every answer of the gateway.
 */
final class ServletErrors {

    private static final String EXPLAINED = ServletErrors.class.getName() + ".explained";

    /** What an error page should say about a request, when the gateway knows better than its status. */
    record Explained(String code, String message) {
    }

    private ServletErrors() {
    }

    /** Leaves the code and message for the error page that will answer this request. */
    static void explain(HttpServletRequest request, String code, String message) {
        request.setAttribute(EXPLAINED, new Explained(code, message));
    }

    /** The code and message left by {@link #explain}, or null. */
    static Explained explained(HttpServletRequest request) {
        return request.getAttribute(EXPLAINED) instanceof Explained e ? e : null;
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        response.setHeader(RequestIds.HEADER, RequestIds.of(request));
        response.setContentType("application/json");
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        if (anthropicShaped(GatewayPaths.of(request))) {
            // Anthropic's clients read Anthropic's error shape (docs/api.md, "Anthropic Messages")
            response.setHeader("request-id", RequestIds.of(request));
            byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + anthropicType(status, code, message) + "\",\"message\":\""
                    + new String(quote.quoteAsString(message)) + "\"}}").getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        byte[] body = ("{\"error\":{\"message\":\"" + new String(quote.quoteAsString(message))
                + "\",\"type\":\"" + type(status) + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}").getBytes(StandardCharsets.UTF_8);
        // a declared length: a client still sending its (refused) body can tell where the answer ends
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whether answers on this path take Anthropic's error shape (the Messages routes). */
    static boolean anthropicShaped(String path) {
        return path.startsWith("/v1/messages");
    }

    /** Anthropic's error type for a servlet-level refusal of a Messages request. */
    static String anthropicType(int status, String code, String message) {
        return AnthropicErrors.type(new GatewayException(status, type(status), code, null, message));
    }

    static String type(int status) {
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    static String code(int status) {
        return status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : null;
    }

    static String message(int status, String method, String path) {
        return switch (status) {
            case 404 -> "Unknown path '" + path + "'. The gateway serves /v1/chat/completions, /v1/responses, /v1/messages, /v1/models and /v1/usage.";
            case 405 -> "Method " + method + " is not allowed on '" + path + "'.";
            default -> HttpStatus.resolve(status) == null ? "Error " + status : HttpStatus.valueOf(status).getReasonPhrase() + ".";
        };
    }

    /**
     * The response of a request to one of the gateway's paths: an error that Spring MVC sends
     * (405 for a method the route does not take, say) is answered here rather than by the
     * application's error page, which in an embedding application is not the gateway's.
     */
    static HttpServletResponse inOpenAiShape(HttpServletRequest request, HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void sendError(int status) throws IOException {
                sendError(status, null);
            }

            @Override
            public void sendError(int status, String ignored) throws IOException {
                if (isCommitted()) {
                    super.sendError(status);
                    return;
                }
                resetBuffer();
                write(request, this, status, code(status), message(status, request.getMethod(), GatewayPaths.of(request)));
            }
        };
    }
}
