package io.opengateway.routing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Checks every provider route file before Camel builds the routes, so a provider added with a
 * missing or malformed base URL, an unknown dialect, a name the environment cannot configure or a
 * route id the gateway would not find stops the start with the file and the field named (Camel's
 * own error names neither, and a wrong route id would load and answer 404). A missing API key is left to request time:
 * the attempt fails with a clear message and the request falls back.
 */
@Component
public class ProviderRouteCheck implements InitializingBean {

    static final String TEMPLATE = "provider";

    private final Environment env;
    private final ListableBeanFactory beans;

    public ProviderRouteCheck(Environment env, ListableBeanFactory beans) {
        this.env = env;
        this.beans = beans;
    }

    /** One instantiation of the provider template, as found in a route file. */
    record ProviderRoute(String file, String name, String dialect, String routeId) {
    }

    private volatile java.util.Map<String, String> dialects = java.util.Map.of();

    @Override
    public void afterPropertiesSet() throws IOException {
        String patterns = env.getProperty("opengateway.routes", "");
        java.util.Map<String, String> found = new java.util.HashMap<>();
        for (ProviderRoute p : find(patterns)) {
            check(p);
            found.put(p.name(), p.dialect());
        }
        dialects = java.util.Map.copyOf(found);
    }

    /** The wire dialect of a provider's route (openai, anthropic, gemini), or null when none is loaded. */
    public String dialect(String provider) {
        return dialects.get(provider);
    }

    static List<ProviderRoute> find(String patterns) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<ProviderRoute> out = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            if (pattern.isBlank()) {
                continue;
            }
            for (Resource r : resolver.getResources(pattern.trim())) {
                JsonNode root;
                try (InputStream in = r.getInputStream()) {
                    root = yaml.readTree(in);
                } catch (IOException e) {
                    continue; // Camel reports a file it cannot parse, with its name
                }
                if (root == null || !root.isArray()) {
                    continue;
                }
                for (JsonNode item : root) {
                    JsonNode t = item.path("templatedRoute");
                    if (TEMPLATE.equals(t.path("routeTemplateRef").asText())) {
                        out.add(new ProviderRoute(r.getFilename(), param(t, "name"), param(t, "dialect"),
                                t.path("routeId").asText(null)));
                    }
                }
            }
        }
        return out;
    }

    private static String param(JsonNode templated, String name) {
        for (JsonNode p : templated.path("parameters")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("value").asText(null);
            }
        }
        return null;
    }

    void check(ProviderRoute p) {
        // opengateway.providers.<name>.* must bind from environment variables too, and Spring's
        // relaxed binding cannot tell OPENGATEWAY_PROVIDERS_TOGETHER_AI_API_KEY's map key from its field
        if (p.name() == null || !p.name().matches("[a-z][a-z0-9]*")) {
            throw invalid(p, "parameter 'name' must be the model ID prefix, lower-case letters and digits only, "
                    + "starting with a letter (got '" + p.name() + "'): it names the provider's properties, and "
                    + "environment variables (OPENGATEWAY_PROVIDERS_<NAME>_API_KEY) cannot carry '-' or '_' in it");
        }
        // ModelResolver finds a provider by this route id: any other id would load and answer 404
        if (!("provider-" + p.name()).equals(p.routeId())) {
            throw invalid(p, "field 'routeId' must be 'provider-" + p.name() + "' (got "
                    + (p.routeId() == null ? "none" : "'" + p.routeId() + "'") + "): the gateway finds the route "
                    + "of provider '" + p.name() + "' by that id");
        }
        if (p.dialect() == null || !beans.containsBean(p.dialect() + "RequestMapper")) {
            throw invalid(p, "parameter 'dialect' must be one of openai, anthropic, gemini (got '" + p.dialect() + "')");
        }
        String key = "opengateway.providers." + p.name() + ".base-url";
        String url = env.getProperty(key);
        String envName = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        if (url == null || url.isBlank()) {
            throw invalid(p, "provider '" + p.name() + "' has no base URL: set " + key + " (env " + envName + ")");
        }
        try {
            URI u = URI.create(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw invalid(p, key + " must be an http(s) URL (got '" + url + "')");
        }
    }

    private static IllegalStateException invalid(ProviderRoute p, String why) {
        return new IllegalStateException("Route file '" + p.file() + "': " + why);
    }
}
