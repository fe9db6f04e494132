package io.opengateway.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.springframework.stereotype.Component;

/**
 * Loads the gateway's YAML route files ({@code opengateway.routes}: the operator's {@code routes/}
 * folder when standalone, the files packaged in the jar when embedded or when that folder does not
 * exist, see {@link RouteFiles}) into the CamelContext.
 * The gateway does not use {@code camel.main.routes-include-pattern}: that setting belongs to the
 * application, which may embed the gateway next to routes of its own. Camel Spring Boot adds the
 * application's routes first, so a gateway route that would take an id or an endpoint of the
 * application's stops the start here ({@link RouteClashes}), and the HTTP paths of the gateway's
 * routes become {@link GatewayPaths}.
 */
@Component
public class GatewayRoutes implements CamelContextConfiguration {

    private final String patterns;
    private final GatewayPaths paths;

    public GatewayRoutes(RouteFiles files, GatewayPaths paths) {
        this.patterns = files.routes();
        this.paths = paths;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(camel);
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteClashes application = RouteClashes.of(model);
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
            throw new IllegalStateException("Cannot load the gateway's route files at '" + patterns + "': "
                    + withRootCause(e), e);
        }
        List<RouteDefinition> added = application.check(model);
        paths.set(RouteClashes.httpPaths(added));
    }

    /** Camel's message names the file; the parser's, at the bottom, says what is wrong where (line, column). */
    static String withRootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        String rootMessage = root.getMessage();
        return root == e || rootMessage == null || message.contains(rootMessage) ? message
                : message + " (cause: " + rootMessage.strip() + ")";
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once the routes run
    }
}
