package io.opengateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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

    @Autowired
    public Catalog(RouteFiles files) throws IOException {
        this(load(files.catalog()));
    }

    /** The catalog in the files matched by the comma-separated resource patterns. */
    public static Catalog of(String patterns) throws IOException {
        return new Catalog(load(patterns));
    }

    public Catalog(Collection<CatalogEntry> entries) {
        Map<String, CatalogEntry> map = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            map.put(e.id(), e);
        }
        this.entries = Collections.unmodifiableMap(map);
    }

    public CatalogEntry find(String id) {
        return id == null ? null : entries.get(id);
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
    static List<CatalogEntry> load(String patterns) throws IOException {
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

    static List<CatalogEntry> parse(JsonNode root, String file) {
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
        JsonNode p = m.path("pricing");
        Pricing pricing = new Pricing(
                price(p, "input_per_mtok", true, file, at),
                price(p, "output_per_mtok", true, file, at),
                price(p, "cached_input_per_mtok", false, file, at),
                price(p, "cache_write_per_mtok", false, file, at));
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

    private static BigDecimal price(JsonNode pricing, String field, boolean required, String file, String at) {
        JsonNode v = pricing.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(file, at + ".pricing." + field, "is required (USD per million tokens, a decimal string)");
            }
            return null;
        }
        if (!v.isTextual()) {
            // YAML has already turned an unquoted number into a double (or an int read by YAML's
            // own rules: 010 is 8): the exact price as written is gone
            throw invalid(file, at + ".pricing." + field, "must be a decimal string in quotes, like \"2.50\", "
                    + "not a YAML number (read as " + v + ", which may not be the price written)");
        }
        try {
            BigDecimal d = new BigDecimal(v.asText());
            if (d.signum() < 0) {
                throw invalid(file, at + ".pricing." + field, "must not be negative");
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(file, at + ".pricing." + field, "must be a decimal string like \"2.50\" (got '" + v.asText() + "')");
        }
    }

    private static IllegalStateException invalid(String file, String field, String why) {
        return new IllegalStateException("Catalog file '" + file + "': " + field + " " + why);
    }
}
