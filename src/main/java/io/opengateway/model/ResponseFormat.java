package io.opengateway.model;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code response_format}: text, json_object, or json_schema with its schema. */
public record ResponseFormat(Type type, String name, JsonNode schema, Boolean strict) {

    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

    public boolean isJson() {
        return type != Type.TEXT;
    }
}
