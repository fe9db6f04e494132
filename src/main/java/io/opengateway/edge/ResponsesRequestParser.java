package io.opengateway.edge;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.error.GatewayException;
import io.opengateway.routing.ModelResolver;
import io.opengateway.routing.InboundRequest;

/**
 * Checks a Responses API body just enough to route it: the Responses API is OpenAI's own, so it
 * serves {@code openai/*} models only and its body passes through as it came.
 */
@Component("responsesRequestParser")
public class ResponsesRequestParser {

    private final ModelResolver resolver;

    public ResponsesRequestParser(ModelResolver resolver) {
        this.resolver = resolver;
    }

    public void parse(Exchange exchange) {
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object with 'model' and 'input'.");
        }
        String model = Fields.string(body, "model", "model");
        if (model == null) {
            throw GatewayException.badRequest("model", "'model' is required.");
        }
        Fields.bool(body, "stream", "stream");
        if (body.has("models")) {
            throw GatewayException.badRequest("models", "'models' (fallbacks) is only supported on /v1/chat/completions.");
        }
        // an unknown model is a 404 like on every endpoint; only a known one of another provider is a 400
        CatalogEntry entry = resolver.resolve(model);
        if (!"openai".equals(entry.provider())) {
            throw GatewayException.badRequest("model", "The Responses API serves openai/* models only; use "
                    + "/v1/chat/completions for '" + model + "'.");
        }
        InboundRequest.of(exchange).withPlan(List.of(entry)).withResponsesBody((ObjectNode) body).putOn(exchange);
        exchange.getMessage().setBody(null);
    }
}
