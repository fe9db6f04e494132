package io.opengateway.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Loads the gateway's YAML route files ({@code opengateway.routes}: the operator's {@code routes/}
 * folder when standalone, the files packaged in the jar when embedded) into the CamelContext.
 * The gateway does not use {@code camel.main.routes-include-pattern}: that setting belongs to the
 * application, which may embed the gateway next to routes of its own.
 */
@Component
public class GatewayRoutes implements CamelContextConfiguration {

    private final String patterns;

    public GatewayRoutes(@Value("${opengateway.routes}") String patterns) {
        this.patterns = patterns;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(camel);
        List<Resource> files = new ArrayList<>();
        try {
            for (String pattern : patterns.split(",")) {
                if (!pattern.isBlank()) {
                    files.addAll(resolver.findResources(pattern.trim()));
                }
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("No gateway route files at '" + patterns + "' (opengateway.routes)");
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(files);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the gateway's route files at '" + patterns + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once the routes run
    }
}
