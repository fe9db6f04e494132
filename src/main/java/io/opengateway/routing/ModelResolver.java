package io.opengateway.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.RetiredModel;
import io.opengateway.config.GatewayProperties;
import io.opengateway.error.GatewayException;

/**
 * Turns the requested model IDs into catalog entries. A model is routable when it is in the
 * catalog and a route file for its provider prefix is loaded ({@code provider-<prefix>}).
 */
@Component
public class ModelResolver {

    private final Catalog catalog;
    private final CamelContext camel;
    private final int maxAttempts;

    public ModelResolver(Catalog catalog, CamelContext camel, GatewayProperties properties) {
        this.catalog = catalog;
        this.camel = camel;
        this.maxAttempts = Math.max(1, properties.fallback().maxAttempts());
    }

    public CatalogEntry resolve(String id) {
        int slash = id == null ? -1 : id.indexOf('/');
        if (slash <= 0) {
            throw GatewayException.modelNotFound(id,
                    "does not exist: model IDs look like '<provider>/<model>', e.g. 'openai/gpt-4o-mini'");
        }
        String provider = id.substring(0, slash);
        if (!isRoutable(provider)) {
            throw GatewayException.modelNotFound(id, "does not exist: provider " + GatewayException.quote(provider) + " is not configured");
        }
        CatalogEntry entry = catalog.find(id);
        if (entry == null && catalog.retired(id).isPresent()) {
            throw GatewayException.modelNotFound(id, retired(catalog.retired(id).get()));
        }
        if (entry == null) {
            throw GatewayException.modelNotFound(id, "does not exist in the catalog (GET /v1/models lists the models)");
        }
        return entry;
    }

    private static String retired(RetiredModel r) {
        return "has been retired by its provider" + (r.retiredOn() == null ? "" : " on " + r.retiredOn())
                + (r.replacement() == null ? " and is no longer served"
                        : ": use '" + r.replacement() + "' instead, the replacement the provider names");
    }

    /** {@code model} first, then {@code models} in order, duplicates removed, bounded by max attempts. */
    public List<CatalogEntry> plan(String model, List<String> models) {
        Set<String> ids = new LinkedHashSet<>();
        if (model != null) {
            ids.add(model);
        }
        ids.addAll(models);
        List<CatalogEntry> out = new ArrayList<>();
        for (String id : ids) {
            CatalogEntry e = resolve(id);
            if (out.size() < maxAttempts) {
                out.add(e);
            }
        }
        return out;
    }

    public boolean isRoutable(String provider) {
        return camel.getRoute("provider-" + provider) != null;
    }
}
