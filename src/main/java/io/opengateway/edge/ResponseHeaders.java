package io.opengateway.edge;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

/**
 * The last step of every public route: the answer carries only the headers set here (none of the
 * request's or a provider's), and for model calls the gateway's own x-opengateway-* headers.
 */
@Component("responseHeaders")
public class ResponseHeaders {

    public void success(Exchange exchange) {
        Message msg = exchange.getMessage();
        Integer status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String type = msg.getHeader(Exchange.CONTENT_TYPE, String.class);
        String cache = msg.getHeader("Cache-Control", String.class);
        RequestContext ctx = RequestContext.find(exchange);
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status == null ? 200 : status);
        if (type != null) {
            msg.setHeader(Exchange.CONTENT_TYPE, type);
        }
        if (cache != null) {
            msg.setHeader("Cache-Control", cache);
        }
        wholeBody(msg);
        if (ctx != null) {
            gatewayHeaders(msg, ctx);
            if (ctx.attempt().target() != null && !ctx.attempt().streamed()) {
                ctx.attempt().finish(Outcome.OK, null);
            }
        }
    }

    /**
     * An answer that is whole (bytes, not a stream) goes out with its Content-Length in one write:
     * platform-http would send it chunked, flushed, and end it with a chunk of its own (one write
     * and one packet more per request).
     */
    static void wholeBody(Message msg) {
        if (msg.getBody() instanceof byte[]) {
            msg.setHeader(Exchange.HTTP_CHUNKED, false);
        }
    }

    /** x-request-id always; the model headers once a model was tried. */
    static void gatewayHeaders(Message msg, RequestContext ctx) {
        msg.setHeader(RequestIds.HEADER, ctx.request().requestId());
        ModelTarget t = ctx.attempt().target();
        if (t != null) {
            msg.setHeader("x-opengateway-provider", t.provider());
            msg.setHeader("x-opengateway-model", t.model().id());
            msg.setHeader("x-opengateway-attempts", ctx.attempt().attemptCount());
            if (ctx.attempt().upstreamModel() != null) {
                msg.setHeader("x-opengateway-upstream-model", ctx.attempt().upstreamModel());
            }
            if (!ctx.attempt().droppedParams().isEmpty()) {
                msg.setHeader("x-opengateway-dropped-params", String.join(", ", ctx.attempt().droppedParams()));
            }
        }
    }
}
