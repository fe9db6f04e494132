package io.opengateway.edge;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.PriceAdjustment;
import io.opengateway.catalog.PriceVersion;
import io.opengateway.catalog.Prices;
import io.opengateway.catalog.Prices.Part;
import io.opengateway.catalog.PromptTier;
import io.opengateway.config.GatewayClock;
import io.opengateway.routing.ModelResolver;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{provider}/{model}}: the routable part of the
 * catalog, with the prices in force now and the next dated price change when the catalog has one.
 */
@Component("modelsApi")
public class ModelsApi {

    private final Catalog catalog;
    private final ModelResolver resolver;
    private final ObjectMapper json;
    private final GatewayClock clock;

    public ModelsApi(Catalog catalog, ModelResolver resolver, ObjectMapper json, GatewayClock clock) {
        this.catalog = catalog;
        this.resolver = resolver;
        this.json = json;
        this.clock = clock;
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
        // as OpenAI's model object: the announced shutdown day, null for a model without one
        n.put("shutdown_date", e.shutdownDate() == null ? null : e.shutdownDate().toString());
        n.put("replacement", e.replacement());
        Instant now = clock.now();
        PriceVersion current = e.pricing().at(now);
        // null when the model has no price now: its requests are billed at zero and marked
        n.set("pricing", current == null ? null : pricing(current));
        PriceVersion next = e.pricing().nextAfter(now);
        if (next != null) {
            ObjectNode change = n.putObject("next_price_change");
            change.put("effective_from", next.label());
            change.setAll(pricing(next));
        }
        return n;
    }

    /**
     * Every price, always: a cache price the catalog leaves out is the input price (docs/api.md),
     * the price billing charges. Tiers with the prices above their threshold; service tiers and
     * regions as the catalog writes them (prices, multiplier, per-component factors).
     */
    private ObjectNode pricing(PriceVersion v) {
        ObjectNode p = prices(v.base());
        p.put("price_version", v.label());
        if (!v.tiers().isEmpty()) {
            var tiers = p.putArray("tiers");
            for (PromptTier t : v.tiers()) {
                ObjectNode tier = tiers.addObject();
                tier.put("name", t.name());
                tier.put("above_prompt_tokens", t.aboveTokens());
                tier.setAll(prices(v.prices(t)));
            }
        }
        modes(p, "service_tiers", v.serviceTiers());
        modes(p, "inference_geo", v.inferenceGeos());
        return p;
    }

    private ObjectNode prices(Prices prices) {
        ObjectNode p = json.createObjectNode();
        for (Part c : Part.values()) {
            p.put(c.field(), plain(prices.get(c)));
        }
        return p;
    }

    private void modes(ObjectNode p, String field, Map<String, PriceAdjustment> modes) {
        if (modes.isEmpty()) {
            return;
        }
        ObjectNode out = p.putObject(field);
        modes.forEach((name, a) -> {
            ObjectNode m = out.putObject(name);
            a.prices().forEach((c, v) -> m.put(c.field(), plain(v)));
            if (a.multiplier() != null) {
                m.put("multiplier", plain(a.multiplier()));
            }
            if (!a.multiply().isEmpty()) {
                ObjectNode f = m.putObject("multiply");
                a.multiply().forEach((c, v) -> f.put(c.key(), plain(v)));
            }
        });
    }

    private static String plain(BigDecimal v) {
        return v.toPlainString();
    }
}
