package io.opengateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.model.Usage;

/**
 * {@code usageMetadata} in billing terms: thoughts are completion tokens (and reasoning tokens),
 * cached content is part of the prompt, as docs/api.md counts them.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    static Usage from(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long thoughts = u.path("thoughtsTokenCount").asLong(0);
        return new Usage(u.path("promptTokenCount").asLong(0), u.path("candidatesTokenCount").asLong(0) + thoughts,
                u.path("cachedContentTokenCount").asLong(0), 0, thoughts);
    }
}
