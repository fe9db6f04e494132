package io.opengateway.edge;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.routing.AnswerCost;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

/**
 * The last step of every public route: the answer carries only the headers set here (none of the
 * request's or a provider's), and for model calls the gateway's own x-opengateway-* headers.
 */
@Component("responseHeaders")
public class ResponseHeaders implements Processor {

    /** The route step ({@code process}: Camel calls it directly, with no method lookup per request). */
    @Override
    public void process(Exchange exchange) {
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
                cost(msg, ctx);
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

    /**
     * A whole answer's cost, as its billing record has it, for the front ends whose body has no place
     * for it (Messages, the Responses API pass-through) and for every other client that reads headers.
     * A stream's cost is known only at its end, after the headers: it is in the final usage chunk
     * of a chat stream (when usage is asked for) and in the record.
     */
    private static void cost(Message msg, RequestContext ctx) {
        AnswerCost quote = ctx.attempt().answerCost();
        AnswerCost.Cost c = quote == null ? null : quote.of(ctx);
        if (c != null) {
            msg.setHeader("x-opengateway-cost", AnswerCost.plain(c.total()));
            java.math.BigDecimal spend = quote.keySpend(ctx, c);
            if (spend != null) {
                msg.setHeader("x-opengateway-key-spend", AnswerCost.plain(spend));
            }
        }
    }

    /** x-request-id always; the model headers once a model was tried. */
    static void gatewayHeaders(Message msg, RequestContext ctx) {
        msg.setHeader(RequestIds.HEADER, ctx.request().requestId());
        ctx.attempt().limitHeaders().forEach(msg::setHeader);
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
