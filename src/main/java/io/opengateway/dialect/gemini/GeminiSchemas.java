package io.opengateway.dialect.gemini;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.error.GatewayException;

/**
 * Turns a client's JSON Schema into Gemini's {@code Schema} (a subset of OpenAPI 3.0), which
 * rejects the request for any keyword it does not know. Keywords are kept by a list of what
 * Gemini accepts rather than removed by a list of what it rejects, so {@code additionalProperties},
 * {@code strict}, {@code $schema} and every other unknown one go; {@code $ref}s into
 * {@code $defs}/{@code definitions} are inlined (a cycle cannot be, and is a 400); type lists and
 * {@code null} alternatives become {@code nullable}; {@code oneOf} becomes {@code anyOf}.
 *
 * <p>One thing the subset cannot say at all: an object that takes keys it does not name
 * ({@code additionalProperties} true or a schema, or {@code patternProperties}, and no
 * {@code properties}), a map, say. It would become an object without properties, which Gemini
 * takes as "no arguments". A tool with such a schema goes as {@code parametersJsonSchema}, the
 * client's JSON Schema as it is, where the model takes JSON Schema.
 */
final class GeminiSchemas {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Inlining shared definitions can multiply a schema; past this many nodes it is refused. */
    private static final int MAX_NODES = 5000;

    private static final Set<String> COPIED = Set.of("title", "description", "nullable", "minItems", "maxItems",
            "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "minimum", "maximum",
            "default", "example", "propertyOrdering");
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "STRING", Set.of("enum", "date-time"),
            "NUMBER", Set.of("float", "double"),
            "INTEGER", Set.of("int32", "int64"));

    private GeminiSchemas() {
    }

    /** The Gemini form of {@code schema}; {@code param} names it in errors. */
    static ObjectNode clean(JsonNode schema, String param) {
        return new Cleaner(schema, param).convert(schema);
    }

    /**
     * Sets a function declaration's parameters: {@code parameters} in Gemini's form, none for a
     * function without arguments, or {@code parametersJsonSchema} when the subset cannot express
     * them (a 400 on a model that takes OpenAPI schemas only, rather than a tool without arguments).
     */
    static void parameters(JsonNode schema, String param, boolean jsonSchema, ObjectNode declaration) {
        Cleaner cleaner = new Cleaner(schema, param);
        ObjectNode cleaned = cleaner.convert(schema);
        if (!cleaner.freeForm) {
            if (!isEmptyObject(cleaned)) {
                declaration.set("parameters", cleaned);
            }
            return;
        }
        if (!jsonSchema) {
            throw GatewayException.unsupported(param, "google", "'" + param + "' has an object that takes keys it "
                    + "does not name (additionalProperties or patternProperties without properties), which this "
                    + "model's OpenAPI schemas cannot express");
        }
        ObjectNode raw = schema.deepCopy();
        raw.remove("$schema"); // the dialect marker, not part of the schema
        declaration.set("parametersJsonSchema", raw);
    }

    /** True when a cleaned schema is an object without properties (Gemini refuses those as parameters). */
    private static boolean isEmptyObject(ObjectNode schema) {
        return "OBJECT".equals(schema.path("type").asText()) && schema.path("properties").isEmpty()
                && !schema.has("anyOf");
    }

    private static final class Cleaner {
        private final JsonNode root;
        private final String param;
        private final Deque<String> resolving = new ArrayDeque<>();
        private int nodes;
        /** Whether some object of the schema takes keys it does not name. */
        boolean freeForm;

        Cleaner(JsonNode root, String param) {
            this.root = root;
            this.param = param;
        }

        ObjectNode convert(JsonNode in) {
            if (++nodes > MAX_NODES) {
                throw GatewayException.badRequest(param, "'" + param + "' expands to more than " + MAX_NODES
                        + " schema nodes once its $refs are inlined, more than Gemini can take.");
            }
            ObjectNode out = F.objectNode();
            if (in == null || !in.isObject()) {
                return out; // `true` or a missing schema: anything goes
            }
            if (in.hasNonNull("$ref")) {
                return inline(in);
            }
            freeForm |= takesUnnamedKeys(in);
            types(in, out);
            for (String key : COPIED) {
                if (in.hasNonNull(key)) {
                    out.set(key, in.get(key));
                }
            }
            alternatives(in, out);
            if (in.has("allOf")) {
                for (JsonNode part : in.get("allOf")) {
                    merge(out, convert(part));
                }
            }
            enumeration(in, out);
            format(in, out);
            if (in.path("properties").isObject()) {
                ObjectNode props = out.withObjectProperty("properties");
                in.get("properties").fields().forEachRemaining(e -> props.set(e.getKey(), convert(e.getValue())));
                if (!out.has("type")) {
                    out.put("type", "OBJECT");
                }
            }
            required(in, out);
            JsonNode items = in.get("items");
            if (items != null && (items.isObject() || items.isArray() && !items.isEmpty())) {
                out.set("items", convert(items.isArray() ? items.get(0) : items));
                if (!out.has("type")) {
                    out.put("type", "ARRAY");
                }
            }
            return out;
        }

        private ObjectNode inline(JsonNode in) {
            String ref = in.get("$ref").asText();
            JsonNode target = resolve(ref);
            if (target == null) {
                throw GatewayException.badRequest(param, "'" + param + "' has the $ref '" + ref
                        + "', which does not point into its $defs or definitions.");
            }
            if (resolving.contains(ref)) {
                throw GatewayException.unsupported(param, "google", "'" + param + "' is recursive ($ref '" + ref
                        + "'); Gemini's schemas cannot express recursion");
            }
            resolving.push(ref);
            ObjectNode out = convert(target);
            resolving.pop();
            // a description beside the $ref describes this use of the definition
            if (in.hasNonNull("description")) {
                out.set("description", in.get("description"));
            }
            return out;
        }

        private static boolean takesUnnamedKeys(JsonNode in) {
            JsonNode extra = in.get("additionalProperties");
            boolean open = extra != null && (extra.isObject() || extra.asBoolean(false))
                    || in.path("patternProperties").size() > 0;
            return open && in.path("properties").isEmpty();
        }

        private JsonNode resolve(String ref) {
            for (String prefix : new String[] {"#/$defs/", "#/definitions/"}) {
                if (ref.startsWith(prefix)) {
                    String container = prefix.substring(2, prefix.length() - 1);
                    JsonNode n = root.path(container).get(ref.substring(prefix.length()));
                    return n != null && n.isObject() ? n : null;
                }
            }
            return null;
        }

        private void types(JsonNode in, ObjectNode out) {
            JsonNode t = in.get("type");
            if (t == null) {
                return;
            }
            List<String> names = new ArrayList<>();
            if (t.isTextual()) {
                names.add(t.asText());
            } else if (t.isArray()) {
                t.forEach(x -> names.add(x.asText()));
            }
            if (names.remove("null")) {
                out.put("nullable", true);
            }
            if (names.size() == 1) {
                out.put("type", names.get(0).toUpperCase(Locale.ROOT));
            } else if (names.size() > 1) {
                ArrayNode any = out.putArray("anyOf");
                names.forEach(n -> any.addObject().put("type", n.toUpperCase(Locale.ROOT)));
            }
        }

        private void alternatives(JsonNode in, ObjectNode out) {
            List<ObjectNode> options = new ArrayList<>();
            for (String key : new String[] {"anyOf", "oneOf"}) {
                if (in.path(key).isArray()) {
                    for (JsonNode o : in.get(key)) {
                        if ("null".equals(o.path("type").asText()) && o.size() == 1) {
                            out.put("nullable", true);
                        } else {
                            options.add(convert(o));
                        }
                    }
                }
            }
            if (options.size() == 1) {
                merge(out, options.get(0)); // `X or null` is just a nullable X
            } else if (!options.isEmpty()) {
                ArrayNode any = out.putArray("anyOf");
                options.forEach(any::add);
            }
        }

        private void enumeration(JsonNode in, ObjectNode out) {
            JsonNode values = in.has("enum") ? in.get("enum")
                    : in.has("const") ? F.arrayNode().add(in.get("const")) : null;
            if (values == null || !values.isArray()) {
                return;
            }
            // Gemini's enum is a list of strings on a STRING; other enums are left out (the type stays)
            ArrayNode strings = F.arrayNode();
            for (JsonNode v : values) {
                if (!v.isTextual()) {
                    return;
                }
                strings.add(v);
            }
            out.set("enum", strings);
            out.put("type", "STRING");
        }

        private static void format(JsonNode in, ObjectNode out) {
            String f = in.path("format").asText(null);
            Set<String> allowed = FORMATS.get(out.path("type").asText());
            if (f != null && allowed != null && allowed.contains(f)) {
                out.put("format", f);
            }
        }

        private static void required(JsonNode in, ObjectNode out) {
            JsonNode props = out.get("properties");
            JsonNode req = in.get("required");
            if (props == null || req == null || !req.isArray()) {
                return;
            }
            ArrayNode kept = out.has("required") ? (ArrayNode) out.get("required") : F.arrayNode();
            // Gemini refuses a required name that is not a property
            req.forEach(r -> {
                if (r.isTextual() && props.has(r.asText())) {
                    kept.add(r);
                }
            });
            if (!kept.isEmpty()) {
                out.set("required", kept);
            }
        }

        /** Adds what {@code from} has and {@code into} lacks; properties and required are unions. */
        private static void merge(ObjectNode into, ObjectNode from) {
            Iterator<Map.Entry<String, JsonNode>> it = from.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode mine = into.get(e.getKey());
                if (mine == null) {
                    into.set(e.getKey(), e.getValue());
                } else if (e.getKey().equals("properties") && mine.isObject()) {
                    ((ObjectNode) mine).setAll((ObjectNode) e.getValue());
                } else if (e.getKey().equals("required") && mine.isArray()) {
                    ((ArrayNode) mine).addAll((ArrayNode) e.getValue());
                }
            }
        }
    }
}
