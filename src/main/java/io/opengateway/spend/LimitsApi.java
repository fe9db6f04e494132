package io.opengateway.spend;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.auth.ApiKey;
import io.opengateway.auth.ApiKeyStore;
import io.opengateway.billing.SpendTotals;
import io.opengateway.edge.JsonReply;
import io.opengateway.error.GatewayException;

/**
 * {@code /admin/keys/{id}/limits} and {@code /admin/accounts/{account}/limits}: {@code PUT} sets a
 * scope's limits and budgets (the whole set: a field left out or null is no limit), {@code GET}
 * shows them with the spend and what is left, {@code DELETE} removes them all. Writes are durable
 * when answered (DurableWrites); other replicas apply them within {@code settings-refresh}.
 */
@Component("limitsApi")
public class LimitsApi {

    private static final Set<String> FIELDS = Set.of("requests_per_minute", "tokens_per_minute", "max_concurrent",
            "daily_usd", "monthly_usd", "lifetime_usd");

    private final ControlStore controls;
    private final SpendViews views;
    private final ApiKeyStore keys;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public LimitsApi(ControlStore controls, SpendViews views, ApiKeyStore keys,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.controls = controls;
        this.views = views;
        this.keys = keys;
        this.json = json;
    }

    public void put(Exchange exchange) {
        String scope = scope(exchange);
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        controls.put(scope, parse(body));
        reply(exchange, scope);
    }

    public void get(Exchange exchange) {
        reply(exchange, scope(exchange));
    }

    public void delete(Exchange exchange) {
        String scope = scope(exchange);
        controls.put(scope, Controls.NONE);
        reply(exchange, scope);
    }

    private void reply(Exchange exchange, String scope) {
        ObjectNode out = json.createObjectNode();
        out.put("object", "spend_controls");
        int colon = scope.indexOf(':');
        out.put("scope", scope.substring(0, colon));
        out.put("id", scope.substring(colon + 1));
        out.setAll(views.view(scope));
        JsonReply.send(exchange, json, 200, out);
    }

    private String scope(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id != null) {
            if (keys.list().stream().map(ApiKey::id).noneMatch(id::equals)) {
                throw new GatewayException(404, "invalid_request_error", "key_not_found", "id", "No key with id '" + id + "'.");
            }
            return SpendTotals.keyScope(id);
        }
        String account = exchange.getMessage().getHeader("account", String.class);
        if (account == null || account.isBlank() || account.length() > 200) {
            throw GatewayException.badRequest("account", "The account must be 1 to 200 characters.");
        }
        return SpendTotals.accountScope(account);
    }

    static Controls parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The body must be a JSON object like {\"requests_per_minute\": 600, "
                    + "\"monthly_usd\": \"50\"}.");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw GatewayException.badRequest(f, "Unknown field '" + f + "'; the fields are " + String.join(", ",
                        FIELDS.stream().sorted().toList()) + ".");
            }
        }
        Long rpm = count(body, "requests_per_minute", Integer.MAX_VALUE);
        Long concurrent = count(body, "max_concurrent", Integer.MAX_VALUE);
        return new Controls(rpm == null ? null : rpm.intValue(), count(body, "tokens_per_minute", RateLimits.MAX_PER_MINUTE),
                concurrent == null ? null : concurrent.intValue(), usd(body, "daily_usd"), usd(body, "monthly_usd"),
                usd(body, "lifetime_usd"));
    }

    private static Long count(JsonNode body, String field, long max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 1 || v.longValue() > max) {
            throw GatewayException.badRequest(field, "'" + field + "' must be a whole number from 1 to " + max
                    + ", or null for no limit.");
        }
        return v.longValue();
    }

    private static BigDecimal usd(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            BigDecimal d = v.isTextual() ? new BigDecimal(v.asText().trim()) : v.isNumber() ? v.decimalValue() : null;
            if (d != null && d.signum() >= 0 && d.scale() <= 18 && d.precision() - d.scale() <= 20) {
                return d.stripTrailingZeros();
            }
        } catch (NumberFormatException bad) {
            // answered below
        }
        throw GatewayException.badRequest(field, "'" + field + "' must be an amount in USD of zero or more, "
                + "as a decimal string like \"50\" or \"12.5\", or null for no budget.");
    }
}
