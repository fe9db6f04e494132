package io.opengateway.edge;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import io.opengateway.error.GatewayException;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.RequestContext;

/**
 * The first step of every public route: gives the request its id and context, takes the bearer
 * token out of the headers (so it can reach no log, upstream call or response), and for JSON
 * endpoints checks the content type.
 */
@Component("requestIntake")
public class RequestIntake {

    private final SecureRandom random = new SecureRandom();

    public void chat(Exchange exchange) {
        begin(exchange, Endpoint.CHAT);
        requireJson(exchange);
    }

    public void responses(Exchange exchange) {
        begin(exchange, Endpoint.RESPONSES);
        requireJson(exchange);
    }

    public void json(Exchange exchange) {
        begin(exchange, null);
        requireJson(exchange);
    }

    public void read(Exchange exchange) {
        begin(exchange, null);
    }

    private void begin(Exchange exchange, Endpoint endpoint) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        RequestContext ctx = new RequestContext("req_" + HexFormat.of().formatHex(id), endpoint);
        exchange.setProperty(RequestContext.PROPERTY, ctx);
        Message msg = exchange.getMessage();
        String auth = msg.getHeader("Authorization", String.class);
        msg.removeHeader("Authorization");
        msg.removeHeader("Cookie");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).trim();
            ctx.bearerToken(token.isEmpty() ? null : token);
        }
    }

    private static void requireJson(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new GatewayException(415, "invalid_request_error", "unsupported_media_type", null,
                    "The request body must be JSON sent with 'Content-Type: application/json'"
                            + (type == null ? " (no Content-Type was sent)." : " (got '" + base + "')."));
        }
    }
}
