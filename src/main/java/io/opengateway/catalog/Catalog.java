package io.opengateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import io.opengateway.config.RouteFiles;

/**
 * The model catalog: data files (one per provider by convention) that operators edit. Loaded and
 * checked at start-up, so a broken file stops the gateway with the file and field named.
 */
@Component
public class Catalog {

    // A model part may hold slashes (vLLM serves "org/model") but never an empty or dot segment.
    private static final Pattern ID = Pattern.compile(
            "[a-z0-9][a-z0-9_-]*/(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9][A-Za-z0-9._:@+/-]*(?<!/)");

    private final Map<String, CatalogEntry> entries;
    /** Other names of an entry ({@code anthropic/claude-sonnet-4-5-20250929}), to its ID. */
    private final Map<String, String> aliases;

    @Autowired
    public Catalog(RouteFiles files) throws IOException {
        this(load(files.catalog()), aliases(files.catalog()));
    }

    /** The catalog in the files matched by the comma-separated resource patterns. */
    public static Catalog of(String patterns) throws IOException {
        return new Catalog(load(patterns), aliases(patterns));
    }

    public Catalog(Collection<CatalogEntry> entries) {
        this(entries, Map.of());
    }

    Catalog(Collection<CatalogEntry> entries, Map<String, String> aliases) {
        Map<String, CatalogEntry> map = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            map.put(e.id(), e);
        }
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            if (map.containsKey(a.getKey()) || !map.containsKey(a.getValue())) {
                throw new IllegalStateException("Catalog alias '" + a.getKey() + "' of '" + a.getValue()
                        + "' must name no other model, and its model must exist");
            }
        }
        this.entries = Collections.unmodifiableMap(map);
        this.aliases = Map.copyOf(aliases);
    }

    /** The entry of a model ID or of one of its aliases (a dated snapshot name, say). */
    public CatalogEntry find(String id) {
        if (id == null) {
            return null;
        }
        CatalogEntry e = entries.get(id);
        if (e == null) {
            String target = aliases.get(id);
            e = target == null ? null : entries.get(target);
        }
        return e;
    }

    public Collection<CatalogEntry> all() {
        return entries.values();
    }

    public Set<String> providers() {
        Set<String> names = new HashSet<>();
        entries.values().forEach(e -> names.add(e.provider()));
        return names;
    }

    /** Loads every file matched by the comma-separated resource patterns. */
    public static List<CatalogEntry> load(String patterns) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<CatalogEntry> out = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String pattern : patterns.split(",")) {
            for (Resource r : resolver.getResources(pattern.trim())) {
                try (InputStream in = r.getInputStream()) {
                    out.addAll(parse(yaml.readTree(in), r.getFilename()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("The model catalog is empty: no entries found at '" + patterns
                    + "' (opengateway.catalog)");
        }
        return out;
    }

    /**
     * The entries' {@code aliases} (model names without the provider prefix, e.g. Anthropic's dated
     * snapshot names), each as {@code <provider>/<alias>} to the entry's ID.
     */
    static Map<String, String> aliases(String patterns) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, String> out = new LinkedHashMap<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String pattern : patterns.split(",")) {
            for (Resource r : resolver.getResources(pattern.trim())) {
                try (InputStream in = r.getInputStream()) {
                    JsonNode root = yaml.readTree(in);
                    for (JsonNode m : root == null ? yaml.createArrayNode() : root.path("models")) {
                        String id = m.path("id").asText("");
                        for (JsonNode a : m.path("aliases")) {
                            String alias = id.substring(0, Math.max(0, id.indexOf('/') + 1)) + a.asText();
                            if (!ID.matcher(alias).matches() || out.put(alias, id) != null) {
                                throw invalid(r.getFilename(), id + ".aliases", "holds '" + a.asText()
                                        + "', which is not a model name or names two models");
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    public static List<CatalogEntry> parse(JsonNode root, String file) {
        List<CatalogEntry> out = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            throw invalid(file, "models", "must be a list of model entries");
        }
        for (int i = 0; i < models.size(); i++) {
            out.add(entry(models.get(i), file, "models[" + i + "]"));
        }
        return out;
    }

    private static CatalogEntry entry(JsonNode m, String file, String at) {
        String id = m.path("id").asText(null);
        if (id == null || !ID.matcher(id).matches()) {
            throw invalid(file, at + ".id", "must look like '<provider>/<model>' (got '" + id + "')");
        }
        Pricing pricing = new PricingParser(file).parse(m.get("pricing"), at + ".pricing");
        long context = m.path("context_window").asLong(0);
        if (context <= 0) {
            throw invalid(file, at + ".context_window", "must be a positive number of tokens");
        }
        Long maxOut = m.hasNonNull("max_output_tokens") ? m.get("max_output_tokens").asLong() : null;
        Set<String> caps = new HashSet<>();
        m.path("capabilities").forEach(c -> caps.add(c.asText()));
        String owner = m.path("owned_by").asText(id.substring(0, id.indexOf('/')));
        return new CatalogEntry(id, owner, context, maxOut, pricing, caps);
    }

    private static IllegalStateException invalid(String file, String field, String why) {
        return new IllegalStateException("Catalog file '" + file + "': " + field + " " + why);
    }
}
