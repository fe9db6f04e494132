package io.opengateway.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The signature of a Messages {@code thinking} block the gateway wrote from another provider's
 * reasoning (OpenAI's, Gemini's): {@code opengateway:<provider>}. Anthropic's SDKs require the field
 * (the Java SDK cannot turn an answer back into a request without it), and it says where the block
 * came from, so that a block sent back is told apart from Anthropic's own: for Anthropic it is not
 * a signature it made and would be refused, so it is dropped there; elsewhere its text is the turn's
 * reasoning like any other thinking.
 */
public final class ThinkingSignatures {

    private static final String PREFIX = "opengateway:";

    private ThinkingSignatures() {
    }

    /** The signature of a thinking block written from the reasoning of {@code provider}. */
    public static String of(String provider) {
        return PREFIX + provider;
    }

    /** True for a signature the gateway wrote (not Anthropic's). */
    public static boolean isGateways(String signature) {
        return signature != null && signature.startsWith(PREFIX);
    }

    /**
     * Drops the gateway's thinking blocks from the assistant turns of a Messages body (in place), for
     * Anthropic; returns how many it dropped.
     */
    public static int dropGateways(ObjectNode body) {
        int dropped = 0;
        for (JsonNode turn : body.path("messages")) {
            if (!"assistant".equals(turn.path("role").asText()) || !turn.path("content").isArray()) {
                continue;
            }
            ArrayNode content = (ArrayNode) turn.get("content");
            for (int i = content.size() - 1; i >= 0; i--) {
                JsonNode block = content.get(i);
                if ("thinking".equals(block.path("type").asText()) && isGateways(block.path("signature").asText(null))) {
                    content.remove(i);
                    dropped++;
                }
            }
        }
        return dropped;
    }
}
