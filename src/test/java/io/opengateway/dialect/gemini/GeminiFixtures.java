package io.opengateway.dialect.gemini;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opengateway.catalog.Catalog;
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

    /** The entry of the real catalog (and the test catalog's older shapes), with the capabilities the gateway runs with. */
    static CatalogEntry model(String id) {
        try {
            CatalogEntry e = Catalog.of("file:routes/catalog/google.yaml,classpath*:test-catalog/*.yaml").find(id);
            if (e == null) {
                throw new IllegalArgumentException("no catalog entry " + id);
            }
            return e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChatRequest chat(JsonNode body) {
        return new ChatRequestParser(null).parse(body);
    }
}
