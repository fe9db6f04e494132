package io.opengateway.catalog;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.edge.JsonReply;
import io.opengateway.routing.ModelResolver;

/** {@code GET /v1/models} and {@code GET /v1/models/{provider}/{model}}: the routable part of the catalog. */
@Component("modelsApi")
public class ModelsApi {

    private final Catalog catalog;
    private final ModelResolver resolver;
    private final ObjectMapper json;

    public ModelsApi(Catalog catalog, ModelResolver resolver, ObjectMapper json) {
        this.catalog = catalog;
        this.resolver = resolver;
        this.json = json;
    }

    public void list(Exchange exchange) {
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (CatalogEntry e : catalog.all()) {
            if (resolver.isRoutable(e.provider())) {
                data.add(view(e));
            }
        }
        JsonReply.send(exchange, json, 200, out);
    }

    public void get(Exchange exchange) {
        String id = exchange.getMessage().getHeader("provider", String.class) + "/"
                + exchange.getMessage().getHeader("model", String.class);
        JsonReply.send(exchange, json, 200, view(resolver.resolve(id)));
    }

    /** The same, for clients (the OpenAI SDKs) that send the ID as one escaped segment: {@code openai%2Fgpt-4o}. */
    public void getEscaped(Exchange exchange) {
        String id = URLDecoder.decode(exchange.getMessage().getHeader("id", String.class), StandardCharsets.UTF_8);
        JsonReply.send(exchange, json, 200, view(resolver.resolve(id)));
    }

    private ObjectNode view(CatalogEntry e) {
        ObjectNode n = json.createObjectNode();
        n.put("id", e.id());
        n.put("object", "model");
        n.put("created", 0);
        n.put("owned_by", e.ownedBy());
        n.put("context_window", e.contextWindow());
        if (e.maxOutputTokens() != null) {
            n.put("max_output_tokens", e.maxOutputTokens());
        }
        // all four prices, always: a cache price the catalog leaves out is the input price (docs/api.md),
        // the price billing charges
        ObjectNode p = n.putObject("pricing");
        price(p, "input_per_mtok", e.pricing().inputPerMtok());
        price(p, "output_per_mtok", e.pricing().outputPerMtok());
        price(p, "cached_input_per_mtok", e.pricing().cachedInput());
        price(p, "cache_write_per_mtok", e.pricing().cacheWrite());
        return n;
    }

    private static void price(ObjectNode p, String field, BigDecimal v) {
        p.put(field, v.toPlainString());
    }
}
