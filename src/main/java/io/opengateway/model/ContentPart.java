package io.opengateway.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One part of a message's content: text or an image. Other part types (audio, files) are kept
 * as {@code raw} so the OpenAI dialect passes them on and other dialects can refuse them by name.
 */
public record ContentPart(Type type, String text, String imageUrl, String detail, JsonNode raw) {

    public enum Type { TEXT, IMAGE_URL, OTHER }

    public static ContentPart text(String text) {
        return new ContentPart(Type.TEXT, text, null, null, null);
    }

    public static ContentPart image(String url, String detail) {
        return new ContentPart(Type.IMAGE_URL, null, url, detail, null);
    }

    public boolean isText() {
        return type == Type.TEXT;
    }

    /** The wire type name for error messages ("input_audio"...). */
    public String wireType() {
        return raw != null && raw.hasNonNull("type") ? raw.get("type").asText() : type.name().toLowerCase();
    }
}
