package io.opengateway.edge;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayClock;
import io.opengateway.routing.AttemptRecord;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;

/**
 * The first step of every public route: gives the request its id, its {@link InboundRequest} and
 * its empty {@link AttemptRecord}, takes the bearer token out of the headers (so it can reach no
 * log, upstream call or response). The content type and size of a body were checked before Camel
 * by {@link InboundGuardFilter}.
 */
@Component("requestIntake")
public class RequestIntake {

    private final GatewayClock clock;

    public RequestIntake(GatewayClock clock) {
        this.clock = clock;
    }

    public void chat(Exchange exchange) {
        begin(exchange, Endpoint.CHAT);
    }

    public void responses(Exchange exchange) {
        begin(exchange, Endpoint.RESPONSES);
    }

    /**
     * Anthropic's Messages API: the key as {@code x-api-key} (the Anthropic SDKs) or as a bearer
     * token (Claude Code's {@code ANTHROPIC_AUTH_TOKEN}).
     */
    public void messages(Exchange exchange) {
        anthropic(exchange, Endpoint.MESSAGES);
    }

    public void countTokens(Exchange exchange) {
        anthropic(exchange, Endpoint.COUNT_TOKENS);
    }

    private void anthropic(Exchange exchange, Endpoint endpoint) {
        begin(exchange, endpoint);
        Message msg = exchange.getMessage();
        String key = msg.getHeader("x-api-key", String.class);
        msg.removeHeader("x-api-key");
        InboundRequest request = InboundRequest.of(exchange);
        if (request.bearerToken() == null && key != null && !key.isBlank()) {
            request.withBearerToken(key.trim()).putOn(exchange);
        }
    }

    /** Any other route (models, admin, usage). */
    public void other(Exchange exchange) {
        begin(exchange, null);
    }

    private void begin(Exchange exchange, Endpoint endpoint) {
        InboundRequest request = new InboundRequest(RequestIds.newId(), endpoint, clock.now()).putOn(exchange);
        exchange.setProperty(AttemptRecord.PROPERTY, new AttemptRecord(request.startNanos()));
        Message msg = exchange.getMessage();
        String auth = msg.getHeader("Authorization", String.class);
        msg.removeHeader("Authorization");
        msg.removeHeader("Cookie");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).trim();
            request.withBearerToken(token.isEmpty() ? null : token).putOn(exchange);
        }
    }
}
