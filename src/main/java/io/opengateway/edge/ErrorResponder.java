package io.opengateway.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.opengateway.error.GatewayException;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

/**
 * The single error handler of the public routes (the {@code gateway-errors} route configuration):
 * every failure becomes OpenAI's error shape with docs/api.md's status. Only a fault of the gateway
 * itself is a 500, logged with the request id, and its body says nothing of the internals.
 */
@Component("errorResponder")
public class ErrorResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final ObjectMapper json;

    public ErrorResponder(ObjectMapper json) {
        this.json = json;
    }

    /** How a front-end dialect writes an error: its status and body for the gateway's failure. */
    public interface Shape {
        int status(GatewayException e);

        JsonNode body(GatewayException e);
    }

    private static final Shape OPENAI = new Shape() {
        @Override
        public int status(GatewayException e) {
            return e.status();
        }

        @Override
        public JsonNode body(GatewayException e) {
            return OpenAiFormat.error(e);
        }
    };

    public void respond(Exchange exchange) {
        respondIn(exchange, OPENAI);
    }

    /** Answers the exchange's failure in a front end's own error shape. */
    public void respondIn(Exchange exchange, Shape shape) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RequestContext ctx = RequestContext.find(exchange);
        GatewayException error = toGatewayError(cause, ctx);
        if (ctx != null) {
            ctx.attempt().finish(Outcome.ERROR, error.getMessage());
        }
        Message msg = exchange.getMessage();
        msg.removeHeaders("*");
        JsonReply.send(exchange, json, shape.status(error), shape.body(error));
        ResponseHeaders.wholeBody(msg);
        if (error.retryAfter() != null) {
            msg.setHeader("Retry-After", error.retryAfter());
        }
        if (ctx != null) {
            ResponseHeaders.gatewayHeaders(msg, ctx);
        }
    }

    GatewayException toGatewayError(Throwable cause, RequestContext ctx) {
        Throwable t = cause;
        while (t != null) {
            if (t instanceof GatewayException g) {
                return g;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        String id = ctx == null ? "unknown" : ctx.request().requestId();
        LOG.error("Internal error in request {}", id, cause);
        return new GatewayException(500, "server_error", "internal_error", null,
                "The gateway failed to process the request (request id " + id + "). This is a gateway fault, not yours.");
    }
}
