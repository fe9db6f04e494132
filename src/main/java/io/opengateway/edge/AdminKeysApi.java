package io.opengateway.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.auth.ApiKey;
import io.opengateway.auth.ApiKeyStore;
import io.opengateway.error.GatewayException;

/** {@code POST/GET /admin/keys}, {@code DELETE /admin/keys/{id}}: called by the admin routes after {@link AdminAuth}. */
@Component("adminKeysApi")
public class AdminKeysApi {

    private final ApiKeyStore store;
    private final ObjectMapper json;

    public AdminKeysApi(ApiKeyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void create(Exchange exchange) {
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The body must be a JSON object like {\"account\": \"acme\", \"name\": \"ci\"}.");
        }
        String account = text(body, "account");
        String name = body.has("name") ? text(body, "name") : "default";
        ApiKeyStore.Created created = store.create(account, name);
        ObjectNode out = view(created.key());
        out.put("key", created.secret());
        JsonReply.send(exchange, json, 201, out);
    }

    public void list(Exchange exchange) {
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        store.list().forEach(k -> data.add(view(k)));
        JsonReply.send(exchange, json, 200, out);
    }

    public void revoke(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (!store.revoke(id)) {
            throw new GatewayException(404, "invalid_request_error", "key_not_found", "id", "No key with id '" + id + "'.");
        }
        ObjectNode out = json.createObjectNode();
        out.put("id", id);
        out.put("object", "api_key");
        out.put("revoked", true);
        JsonReply.send(exchange, json, 200, out);
    }

    private ObjectNode view(ApiKey k) {
        ObjectNode n = json.createObjectNode();
        n.put("id", k.id());
        n.put("object", "api_key");
        n.put("account", k.account());
        n.put("name", k.name());
        n.put("created_at", k.createdAt().getEpochSecond());
        if (k.revokedAt() != null) {
            n.put("revoked_at", k.revokedAt().getEpochSecond());
        }
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw GatewayException.badRequest(field, "'" + field + "' must be a non-empty string.");
        }
        if (v.asText().length() > 200) {
            throw GatewayException.badRequest(field, "'" + field + "' must be at most 200 characters.");
        }
        return v.asText();
    }
}
