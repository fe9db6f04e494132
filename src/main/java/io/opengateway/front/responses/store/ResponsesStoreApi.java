package io.opengateway.front.responses.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.edge.JsonReply;
import io.opengateway.error.GatewayException;
import io.opengateway.routing.InboundRequest;

/**
 * {@code GET /v1/responses/{id}} and {@code DELETE /v1/responses/{id}} for the responses the gateway
 * keeps (routes/responses-store.yaml, after {@code apiKeyAuth}): the response object as the client
 * got it, and OpenAI's deletion object. Another account's response is answered exactly as an unknown
 * one, so an id tells a caller nothing about other accounts.
 */
@Component("responsesStoreApi")
public class ResponsesStoreApi {

    private final ResponseStore store;
    private final ObjectMapper json;

    public ResponsesStoreApi(ResponseStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void get(Exchange exchange) {
        String id = id(exchange);
        StoredResponse stored = store.find(account(exchange), id).orElseThrow(() -> notFound(id));
        JsonReply.send(exchange, json, 200, stored.response());
    }

    public void delete(Exchange exchange) {
        String id = id(exchange);
        if (!store.delete(account(exchange), id)) {
            throw notFound(id);
        }
        ObjectNode out = json.createObjectNode();
        out.put("id", id);
        out.put("object", "response");
        out.put("deleted", true);
        JsonReply.send(exchange, json, 200, out);
    }

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("id", "", String.class);
    }

    private static String account(Exchange exchange) {
        return InboundRequest.of(exchange).apiKey().account();
    }

    /** OpenAI's words for an id it does not have (https://platform.openai.com/docs/api-reference/responses/get). */
    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", null, null,
                "Response with id " + GatewayException.quote(id) + " not found.");
    }
}
