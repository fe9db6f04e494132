package io.opengateway.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;
import io.opengateway.error.GatewayException;
import io.opengateway.routing.InboundRequest;

/** Guards the admin API with {@code opengateway.admin-token}; with no token configured the API is closed. */
@Component("adminAuth")
public class AdminAuth implements Processor {

    private final byte[] token;

    public AdminAuth(GatewayProperties properties) {
        String t = properties.adminToken();
        this.token = t == null || t.isBlank() ? null : t.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) {
        if (token == null) {
            throw new GatewayException(403, "invalid_request_error", "admin_api_closed", null,
                    "The admin API is closed: no opengateway.admin-token is configured.");
        }
        InboundRequest request = InboundRequest.of(exchange);
        String given = request.bearerToken();
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw GatewayException.invalidApiKey("The admin API needs 'Authorization: Bearer <admin token>'.");
        }
        request.withBearerToken(null).putOn(exchange);
    }
}
