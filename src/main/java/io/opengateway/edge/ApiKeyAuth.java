package io.opengateway.edge;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.auth.ApiKey;
import io.opengateway.auth.ApiKeyStore;
import io.opengateway.error.GatewayException;
import io.opengateway.routing.InboundRequest;

/**
 * Checks the caller's {@code Authorization: Bearer og-…} key; 401 when missing, unknown or revoked,
 * 503 when the database cannot be reached and the key was not checked recently ({@link ApiKeyStore}).
 */
@Component("apiKeyAuth")
public class ApiKeyAuth implements Processor {

    private final ApiKeyStore store;

    public ApiKeyAuth(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        InboundRequest request = InboundRequest.of(exchange);
        String token = request.bearerToken();
        if (token == null) {
            throw GatewayException.invalidApiKey(
                    "You didn't provide an API key. Send it as 'Authorization: Bearer <your gateway key>'.");
        }
        ApiKey key = store.authenticate(token);
        if (key == null) {
            throw GatewayException.invalidApiKey("Incorrect API key provided, or the key was revoked.");
        }
        request.withApiKey(key).putOn(exchange);
    }
}
