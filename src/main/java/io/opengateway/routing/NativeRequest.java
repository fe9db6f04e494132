package io.opengateway.routing;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request as its front-end dialect received it, written once at the edge and never changed:
 * the body (which the provider of the same dialect receives as sent, the model aside), the
 * dialect's headers that travel with it (Anthropic's {@code anthropic-version} and
 * {@code anthropic-beta}; null when the client sent none), and the fields the neutral request
 * cannot carry (server tools, documents): a provider of another dialect refuses the request with
 * the first of them named.
 */
public record NativeRequest(ObjectNode body, String version, String beta, List<String> untranslatable) {

    public NativeRequest {
        untranslatable = untranslatable == null ? List.of() : List.copyOf(untranslatable);
    }
}
