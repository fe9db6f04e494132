package io.opengateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Other names of an entry ({@code anthropic/claude-opus-4-5-20251101}), to its ID. */
    private final Map<String, String> aliases;
    /** Retired models by ID and by each of their aliases. */
    private final Map<String, RetiredModel> retired;

    @Autowired
    public Catalog(RouteFiles files) throws IOException {
        this(Files.read(files.catalog()));
    }

    /** The catalog in the files matched by the comma-separated resource patterns. */
    public static Catalog of(String patterns) throws IOException {
        return new Catalog(Files.read(patterns));
    }

    public Catalog(Collection<CatalogEntry> entries) {
        this(entries, Map.of(), Map.of());
    }

    private Catalog(Files files) {
        this(files.entries, files.aliases, files.retired);
    }

    Catalog(Collection<CatalogEntry> entries, Map<String, String> aliases, Map<String, RetiredModel> retired) {
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
        for (Map.Entry<String, RetiredModel> r : retired.entrySet()) {
            if (map.containsKey(r.getKey()) || aliases.containsKey(r.getKey())) {
                throw new IllegalStateException("Catalog retired model '" + r.getKey()
                        + "' is also listed as a served model or alias: keep it in one list");
            }
            checkReplacement(map, r.getValue().id(), r.getValue().replacement());
        }
        for (CatalogEntry e : map.values()) {
            checkReplacement(map, e.id(), e.replacement());
        }
        this.entries = Collections.unmodifiableMap(map);
        this.aliases = Map.copyOf(aliases);
        this.retired = Map.copyOf(retired);
    }

    private static void checkReplacement(Map<String, CatalogEntry> served, String of, String replacement) {
        if (replacement != null && !served.containsKey(replacement)) {
            throw new IllegalStateException("Catalog model '" + of + "' names the replacement '" + replacement
                    + "', which is not a served model of the catalog");
        }
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

    /** The retired model of an ID or of one of its aliases, when the provider no longer serves it. */
    public Optional<RetiredModel> retired(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(retired.get(id));
    }

    public Collection<CatalogEntry> all() {
        return entries.values();
    }

    public Set<String> providers() {
        Set<String> names = new HashSet<>();
        entries.values().forEach(e -> names.add(e.provider()));
        return names;
    }

    /** Loads every served model of the files matched by the comma-separated resource patterns. */
    public static List<CatalogEntry> load(String patterns) throws IOException {
        return Files.read(patterns).entries;
    }

    /**
     * What the files say: the entries; their {@code aliases} (model names without the provider prefix,
     * e.g. Anthropic's dated snapshot names), each as {@code <provider>/<alias>} to the entry's ID; and
     * the {@code retired:} models by ID and alias.
     */
    private static final class Files {
        final List<CatalogEntry> entries = new ArrayList<>();
        final Map<String, String> aliases = new LinkedHashMap<>();
        final Map<String, RetiredModel> retired = new LinkedHashMap<>();

        static Files read(String patterns) throws IOException {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            Files out = new Files();
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            for (String pattern : patterns.split(",")) {
                for (Resource r : resolver.getResources(pattern.trim())) {
                    try (InputStream in = r.getInputStream()) {
                        out.add(yaml.readTree(in), r.getFilename());
                    }
                }
            }
            if (out.entries.isEmpty()) {
                throw new IllegalStateException("The model catalog is empty: no entries found at '" + patterns
                        + "' (opengateway.catalog)");
            }
            return out;
        }

        private void add(JsonNode root, String file) {
            entries.addAll(parse(root, file));
            if (root == null) {
                return;
            }
            for (JsonNode m : root.path("models")) {
                String id = m.path("id").asText("");
                names(m, file, id, id, aliases);
            }
            JsonNode list = root.path("retired");
            if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                throw invalid(file, "retired", "must be a list of retired models");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode m = list.get(i);
                String at = "retired[" + i + "]";
                String id = m.path("id").asText(null);
                if (id == null || !ID.matcher(id).matches()) {
                    throw invalid(file, at + ".id", "must look like '<provider>/<model>' (got '" + id + "')");
                }
                RetiredModel model = new RetiredModel(id, date(m, "retired_on", file, at),
                        m.path("replacement").asText(null));
                if (retired.put(id, model) != null) {
                    throw invalid(file, at + ".id", "names a model retired twice");
                }
                names(m, file, id, model, retired);
            }
        }

        private static <T> void names(JsonNode m, String file, String id, T target, Map<String, T> into) {
            for (JsonNode a : m.path("aliases")) {
                String alias = id.substring(0, Math.max(0, id.indexOf('/') + 1)) + a.asText();
                if (!ID.matcher(alias).matches() || into.put(alias, target) != null) {
                    throw invalid(file, id + ".aliases", "holds '" + a.asText()
                            + "', which is not a model name or names two models");
                }
            }
        }
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
        List<String> efforts = new ArrayList<>();
        m.path("efforts").forEach(x -> efforts.add(x.asText()));
        return new CatalogEntry(id, owner, context, maxOut, pricing, caps, date(m, "shutdown_date", file, at),
                m.path("replacement").asText(null), efforts);
    }

    private static LocalDate date(JsonNode m, String field, String file, String at) {
        if (!m.hasNonNull(field)) {
            return null;
        }
        try {
            return LocalDate.parse(m.get(field).asText());
        } catch (DateTimeParseException e) {
            throw invalid(file, at + "." + field, "must be a date written YYYY-MM-DD (got '"
                    + m.get(field).asText() + "')");
        }
    }

    private static IllegalStateException invalid(String file, String field, String why) {
        return new IllegalStateException("Catalog file '" + file + "': " + field + " " + why);
    }
}
