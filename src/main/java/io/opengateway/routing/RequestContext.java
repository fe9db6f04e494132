package io.opengateway.routing;

import org.apache.camel.Exchange;

import io.opengateway.model.ChatRequest;

/**
 * One gateway request as its readers see it: what the client asked ({@link InboundRequest},
 * immutable) and what routing made of it ({@link AttemptRecord}). Holds no state of its own; each
 * of the two lives in its own exchange property, written by the steps that own it.
 */
public record RequestContext(InboundRequest request, AttemptRecord attempt) {

    /** Both parts of the exchange's request; fails when the request did not pass the intake. */
    public static RequestContext of(Exchange exchange) {
        return new RequestContext(InboundRequest.of(exchange), AttemptRecord.of(exchange));
    }

    /** Both parts, or null on an exchange that did not pass the intake. */
    public static RequestContext find(Exchange exchange) {
        InboundRequest request = exchange.getProperty(InboundRequest.PROPERTY, InboundRequest.class);
        AttemptRecord attempt = exchange.getProperty(AttemptRecord.PROPERTY, AttemptRecord.class);
        return request == null || attempt == null ? null : new RequestContext(request, attempt);
    }

    /** The request as the current attempt's model gets it (without the parameters it refuses). */
    public ChatRequest attemptChat() {
        ChatRequest sent = attempt.chat();
        return sent != null ? sent : request.chat();
    }
}
