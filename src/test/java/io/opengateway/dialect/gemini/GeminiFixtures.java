package io.opengateway.dialect.gemini;

import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.edge.ChatRequestParser;
import io.opengateway.model.ChatRequest;
import io.opengateway.support.FakeUpstream;

/** Test helpers: fixtures as JSON, the real Google catalog entries, requests parsed as the edge parses them. */
final class GeminiFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private GeminiFixtures() {
    }

    static JsonNode json(String fixture) {
        try {
            return JSON.readTree(FakeUpstream.fixture("gemini/" + fixture));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entry of routes/catalog/google.yaml, so tests see the capabilities the gateway runs with. */
    static CatalogEntry model(String id) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(new File("routes/catalog/google.yaml"));
            for (JsonNode m : root.path("models")) {
                if (m.path("id").asText().equals(id)) {
                    Set<String> caps = new HashSet<>();
                    m.path("capabilities").forEach(c -> caps.add(c.asText()));
                    return new CatalogEntry(id, "google", m.path("context_window").asLong(), null, null, caps);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("no catalog entry " + id);
    }

    static ChatRequest chat(JsonNode body) {
        return new ChatRequestParser(null).parse(body);
    }
}
