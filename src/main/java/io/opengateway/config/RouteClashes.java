package io.opengateway.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.model.Model;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.ResourceAware;

/**
 * What the application had in its CamelContext before the gateway's routes were added, and the
 * check that the gateway took none of it. Camel would otherwise let a gateway route replace an
 * application route of the same id without a word, or fail later on a second consumer of a
 * {@code direct:} endpoint without saying whose. Compared: route, route configuration and route
 * template ids, and the consumers that cannot be shared ({@code direct:}, {@code seda:}, and
 * {@code platform-http:} on the same path and method).
 */
final class RouteClashes {

    /** Every definition that was there before, by identity; what the application's ids and consumers belong to. */
    private final Set<Object> before = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> consumers = new HashMap<>();

    private RouteClashes() {
    }

    /** The application's routes, before the gateway's are loaded. */
    static RouteClashes of(Model model) {
        RouteClashes app = new RouteClashes();
        for (RouteDefinition r : model.getRouteDefinitions()) {
            app.before.add(r);
            app.ids.put("route id '" + r.getRouteId() + "'", "route '" + r.getRouteId() + "'");
            for (String c : consumerKeys(r)) {
                app.consumers.put(c, "route '" + r.getRouteId() + "'");
            }
        }
        for (var c : model.getRouteConfigurationDefinitions()) {
            app.before.add(c);
            app.ids.put("route configuration id '" + c.getId() + "'", "route configuration");
        }
        for (var t : model.getRouteTemplateDefinitions()) {
            app.before.add(t);
            app.ids.put("route template id '" + t.getId() + "'", "route template");
        }
        return app;
    }

    /** The routes added since {@link #of}; a clash with the application's stops the start. */
    List<RouteDefinition> check(Model model) {
        List<RouteDefinition> added = new ArrayList<>();
        for (RouteDefinition r : model.getRouteDefinitions()) {
            if (before.contains(r)) {
                continue;
            }
            added.add(r);
            checkId(r, "route id '" + r.getRouteId() + "'");
            for (String c : consumerKeys(r)) {
                String taken = taken(c);
                if (taken != null) {
                    throw clash(r, "the endpoint " + c, taken);
                }
            }
        }
        for (var c : model.getRouteConfigurationDefinitions()) {
            if (!before.contains(c)) {
                checkId(c, "route configuration id '" + c.getId() + "'");
            }
        }
        for (var t : model.getRouteTemplateDefinitions()) {
            if (!before.contains(t)) {
                checkId(t, "route template id '" + t.getId() + "'");
            }
        }
        return added;
    }

    private void checkId(OptionalIdentifiedDefinition<?> gateway, String id) {
        if (ids.containsKey(id)) {
            throw clash(gateway, id, ids.get(id));
        }
    }

    /** Whose consumer {@code key} is; {@code "POST platform-http:/x"} is also taken by one on {@code /x} for every method. */
    private String taken(String key) {
        if (consumers.containsKey(key)) {
            return consumers.get(key);
        }
        int space = key.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String path = key.substring(space + 1);
        if (key.startsWith("* ")) {
            for (var c : consumers.entrySet()) {
                if (c.getKey().endsWith(" " + path)) {
                    return c.getValue();
                }
            }
            return null;
        }
        return consumers.get("* " + path);
    }

    private static IllegalStateException clash(OptionalIdentifiedDefinition<?> gateway, String what, String whose) {
        String name = gateway instanceof RouteDefinition r ? "route '" + r.getRouteId() + "'"
                : gateway.getShortName() + " '" + gateway.getId() + "'";
        var resource = gateway instanceof ResourceAware r ? r.getResource() : null;
        String file = resource == null ? "" : " (" + resource.getLocation() + ")";
        return new IllegalStateException("The gateway's " + name + file + " takes " + what + ", which the application's "
                + whose + " already has. The README lists the ids and endpoints the gateway adds (\"Inside an "
                + "existing Camel Spring Boot application\"); rename the application's.");
    }

    /** The HTTP paths (templates such as {@code /v1/models/{id}}) the routes consume. */
    static List<String> httpPaths(List<RouteDefinition> routes) {
        List<String> out = new ArrayList<>();
        for (RouteDefinition r : routes) {
            String uri = uri(r);
            if (uri != null && uri.startsWith("platform-http:")) {
                out.add(path(uri.substring("platform-http:".length())));
            }
        }
        return out;
    }

    /**
     * The consumers of a route that no second route can have: {@code direct:name}, {@code seda:name},
     * and {@code METHOD platform-http:/path} per method it serves ({@code *} for all).
     */
    static List<String> consumerKeys(RouteDefinition r) {
        String uri = uri(r);
        int colon = uri == null ? -1 : uri.indexOf(':');
        if (colon < 0) {
            return List.of();
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        if (scheme.equals("direct") || scheme.equals("seda")) {
            return List.of(scheme + ":" + path(rest).replaceFirst("^/+", ""));
        }
        if (!scheme.equals("platform-http")) {
            return List.of();
        }
        String path = "platform-http:" + path(rest).replaceAll("\\{[^}]*}", "{}");
        String methods = query(rest, "httpMethodRestrict");
        List<String> keys = new ArrayList<>();
        for (String m : (methods == null ? "*" : methods).split(",")) {
            keys.add(m.trim().toUpperCase(Locale.ROOT) + " " + path);
        }
        return keys;
    }

    /** The route's from URI, with a templated route's parameters filled in. */
    private static String uri(RouteDefinition r) {
        if (r.getInput() == null || r.getInput().getEndpointUri() == null) {
            return null;
        }
        String uri = r.getInput().getEndpointUri();
        if (r.getTemplateParameters() != null) {
            for (var p : r.getTemplateParameters().entrySet()) {
                uri = uri.replace("{{" + p.getKey() + "}}", String.valueOf(p.getValue()));
            }
        }
        return uri;
    }

    private static String path(String rest) {
        int q = rest.indexOf('?');
        String p = q < 0 ? rest : rest.substring(0, q);
        return p.startsWith("//") ? p.substring(1) : p;
    }

    private static String query(String rest, String name) {
        int q = rest.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : rest.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
