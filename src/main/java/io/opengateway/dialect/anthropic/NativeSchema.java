package io.opengateway.dialect.anthropic;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether Anthropic's native structured output takes a JSON schema as it is. It compiles the schema
 * into a grammar and answers 400 to what it cannot: an object without
 * {@code additionalProperties: false}, numeric and string constraints, {@code oneOf}, recursion,
 * more than 24 optional properties or 16 unions. The check is deliberately narrow (only what
 * Anthropic's structured-outputs documentation and its SDK's schema transform list as supported):
 * a schema it rejects still works through the answer tool, whose input schema takes anything.
 */
final class NativeSchema {

    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties",
            "items", "enum", "const", "anyOf", "allOf", "$ref", "$defs", "definitions", "description", "title",
            "default", "format", "minItems");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean",
            "null");
    private static final Set<String> FORMATS = Set.of("date-time", "time", "date", "duration", "email", "hostname",
            "uri", "ipv4", "ipv6", "uuid");
    private static final int MAX_OPTIONAL = 24;
    private static final int MAX_UNIONS = 16;

    private int optional;
    private int unions;

    private NativeSchema() {
    }

    static boolean accepts(JsonNode schema) {
        if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText(null))) {
            return false;
        }
        NativeSchema counts = new NativeSchema();
        return counts.node(schema, schema) && counts.optional <= MAX_OPTIONAL && counts.unions <= MAX_UNIONS
                && !recursive(schema, schema, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private boolean node(JsonNode n, JsonNode root) {
        if (!n.isObject()) {
            return false;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            if (!KEYWORDS.contains(it.next())) {
                return false;
            }
        }
        JsonNode type = n.get("type");
        if (type == null ? !(n.has("enum") || n.has("const") || n.has("anyOf") || n.has("allOf") || n.has("$ref"))
                : !type.isTextual() || !TYPES.contains(type.asText())) {
            return false;
        }
        if (n.has("$ref") && resolve(root, n.get("$ref")) == null) {
            return false; // only references inside the schema resolve
        }
        if (n.has("format") && !FORMATS.contains(n.get("format").asText(""))) {
            return false;
        }
        if (n.has("minItems") && !(n.get("minItems").asInt(-1) == 0 || n.get("minItems").asInt(-1) == 1)) {
            return false;
        }
        if (!primitives(n.get("enum")) || (n.has("const") && n.get("const").isContainerNode())) {
            return false;
        }
        if ("object".equals(n.path("type").asText()) && !(n.path("additionalProperties").isBoolean()
                && !n.get("additionalProperties").asBoolean())) {
            return false;
        }
        JsonNode properties = n.path("properties");
        Set<String> required = new HashSet<>();
        n.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            optional += required.contains(p.getKey()) ? 0 : 1;
            if (!node(p.getValue(), root)) {
                return false;
            }
        }
        if (n.has("anyOf")) {
            unions++;
        }
        for (JsonNode part : n.path("allOf")) {
            if (part.has("$ref")) {
                return false; // the documented limit of allOf
            }
        }
        return children(n.get("items"), root, false) && children(n.get("anyOf"), root, true)
                && children(n.get("allOf"), root, true) && definitions(n.get("$defs"), root)
                && definitions(n.get("definitions"), root);
    }

    private boolean children(JsonNode c, JsonNode root, boolean list) {
        if (c == null) {
            return true;
        }
        if (!list) {
            return node(c, root);
        }
        if (!c.isArray() || c.isEmpty()) {
            return false;
        }
        for (JsonNode e : c) {
            if (!node(e, root)) {
                return false;
            }
        }
        return true;
    }

    private boolean definitions(JsonNode defs, JsonNode root) {
        if (defs == null) {
            return true;
        }
        for (JsonNode d : defs) {
            if (!node(d, root)) {
                return false;
            }
        }
        return defs.isObject();
    }

    private static boolean primitives(JsonNode values) {
        if (values == null) {
            return true;
        }
        for (JsonNode v : values) {
            if (v.isContainerNode()) {
                return false;
            }
        }
        return values.isArray() && !values.isEmpty();
    }

    /** A local reference ("#/$defs/x"), or null when it points outside the schema or nowhere. */
    private static JsonNode resolve(JsonNode root, JsonNode ref) {
        String r = ref.asText("");
        if (!r.startsWith("#")) {
            return null;
        }
        JsonNode target = r.equals("#") ? root : root.at(r.substring(1));
        return target.isMissingNode() ? null : target;
    }

    /** Whether a reference leads back into a schema it is part of (Anthropic takes no recursive schemas). */
    private static boolean recursive(JsonNode n, JsonNode root, Set<JsonNode> open) {
        if (n.isObject() && n.has("$ref")) {
            JsonNode target = resolve(root, n.get("$ref"));
            if (target == null || !open.add(target)) {
                return target != null;
            }
            boolean loop = recursive(target, root, open);
            open.remove(target);
            return loop;
        }
        for (JsonNode child : n) {
            if (child.isContainerNode() && recursive(child, root, open)) {
                return true;
            }
        }
        return false;
    }
}
