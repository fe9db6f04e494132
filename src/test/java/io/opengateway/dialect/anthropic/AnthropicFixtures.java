package io.opengateway.dialect.anthropic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.config.GatewayProperties;
import io.opengateway.edge.ChatRequestParser;
import io.opengateway.model.ChatRequest;
import io.opengateway.support.FakeUpstream;

/** The real catalog and request parser, and the anthropic fixtures, for the dialect's unit tests. */
final class AnthropicFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final GatewayProperties PROPERTIES = new GatewayProperties(Map.of(), null, null, null, null,
            "file:routes/catalog/*.yaml,classpath*:test-catalog/*.yaml");
    private static final Catalog CATALOG = catalog();
    private static final ChatRequestParser PARSER = new ChatRequestParser(null);

    private AnthropicFixtures() {
    }

    static CatalogEntry model(String id) {
        CatalogEntry e = CATALOG.find(id);
        if (e == null) {
            throw new IllegalArgumentException("not in the catalog: " + id);
        }
        return e;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixture(String name) {
        return json(FakeUpstream.fixture("anthropic/" + name));
    }

    /** An OpenAI request body as the gateway's edge validates it. */
    static ChatRequest chat(JsonNode body) {
        return PARSER.parse(body);
    }

    static ChatRequest chat(String body) {
        return chat(json(body));
    }

    private static Catalog catalog() {
        try {
            return Catalog.of(PROPERTIES.catalog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
