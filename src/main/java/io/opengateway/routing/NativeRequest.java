package io.opengateway.routing;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request as its front-end dialect received it, written once at the edge and never changed:
 * {@code dialect}, the provider wire dialect whose API it is ({@code anthropic} for Messages,
 * {@code openai} for Responses); the body (which a provider of that dialect receives as sent, the
 * model aside); the dialect's headers that travel with it (Anthropic's {@code anthropic-version} and
 * {@code anthropic-beta}; null when the client sent none); the fields the neutral request cannot
 * carry (server tools, documents), of which a provider of another dialect refuses the first by name;
 * and the ones it leaves out instead under the dropped-parameters policy ({@code droppable}: a
 * Responses client's built-in tools without a counterpart). {@code conversation}: a Responses
 * request's whole input as items, the stored conversation it continues ({@code previous_response_id})
 * ahead of its own input, which the gateway keeps with a translated answer; null for other dialects.
 */
public record NativeRequest(String dialect, ObjectNode body, String version, String beta, List<String> untranslatable,
        List<String> droppable, ArrayNode conversation) {

    public NativeRequest {
        untranslatable = untranslatable == null ? List.of() : List.copyOf(untranslatable);
        droppable = droppable == null ? List.of() : List.copyOf(droppable);
    }

    /** A request with no conversation of items (the Messages API's). */
    public NativeRequest(String dialect, ObjectNode body, String version, String beta, List<String> untranslatable,
            List<String> droppable) {
        this(dialect, body, version, beta, untranslatable, droppable, null);
    }
}
