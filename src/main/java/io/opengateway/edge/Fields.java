package io.opengateway.edge;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.error.GatewayException;

/** Typed reads of request fields; each wrong type is a 400 naming the parameter and what it must be. */
public final class Fields {

    private Fields() {
    }

    public static boolean present(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v != null && !v.isNull();
    }

    public static String string(JsonNode obj, String field, String param) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isTextual()) {
            throw bad(param, "must be a string");
        }
        return v.asText();
    }

    public static Boolean bool(JsonNode obj, String field, String param) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isBoolean()) {
            throw bad(param, "must be true or false");
        }
        return v.asBoolean();
    }

    public static Integer integer(JsonNode obj, String field, String param, int min, int max) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw bad(param, "must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }

    public static Long longValue(JsonNode obj, String field, String param) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(param, "must be an integer");
        }
        return v.asLong();
    }

    public static Double number(JsonNode obj, String field, String param, double min, double max) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw bad(param, "must be a number from " + trim(min) + " to " + trim(max));
        }
        return v.asDouble();
    }

    public static JsonNode object(JsonNode obj, String field, String param) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isObject()) {
            throw bad(param, "must be an object");
        }
        return v;
    }

    public static JsonNode array(JsonNode obj, String field, String param) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        if (!v.isArray()) {
            throw bad(param, "must be an array");
        }
        return v;
    }

    /** A string or an array of strings, as {@code stop} takes it. */
    public static List<String> strings(JsonNode obj, String field, String param) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode v = obj.get(field);
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw bad(param, "must be a string or an array of strings");
        }
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw bad(param, "must be a string or an array of strings");
            }
            out.add(s.asText());
        }
        return out;
    }

    public static GatewayException bad(String param, String what) {
        return GatewayException.badRequest(param, "'" + param + "' " + what + ".");
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
