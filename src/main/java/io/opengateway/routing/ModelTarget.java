package io.opengateway.routing;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.config.GatewayProperties;

/** The model one attempt calls, with its provider's settings. */
public record ModelTarget(CatalogEntry model, GatewayProperties.Provider settings, int attempt) {

    public String provider() {
        return model.provider();
    }

    public String upstreamModel() {
        return model.upstreamModel();
    }
}
