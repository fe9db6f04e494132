package io.opengateway.dialect;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

/**
 * The step of a provider route that builds the upstream request. It starts from a message with no
 * headers at all: nothing of the client's request (its gateway key above all) or of an earlier
 * attempt goes upstream. The provider key goes in a header, never in the endpoint URI.
 */
public abstract class RequestMapper implements Processor {

    /** Builds the call for the current attempt's model. */
    protected abstract UpstreamCall build(RequestContext ctx, ModelTarget target);

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.of(exchange);
        UpstreamCall call = build(ctx, ctx.target());
        Message msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_METHOD, "POST");
        msg.setHeader(Exchange.HTTP_PATH, call.path());
        if (call.query() != null) {
            msg.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            msg.setHeader(h.getKey(), h.getValue());
        }
        msg.setBody(call.body());
    }
}
