package io.opengateway.dialect.anthropic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.ThinkingSignatures;
import io.opengateway.error.GatewayException;
import io.opengateway.json.JsonBuffers;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.Role;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;
import io.opengateway.model.ToolCallIds;

/**
 * OpenAI messages as Anthropic's {@code system} and {@code messages}. Anthropic has no system
 * role: every system and developer message, wherever it stands, becomes a system text block. Tool
 * results are user content, so consecutive tool messages and the user text after them form one
 * user turn with the results first (the API wants them first); consecutive turns of one role are
 * merged, as the API requires alternating roles. Thinking blocks an assistant turn carries back
 * (in {@code thinking_blocks}, see {@link AnthropicRequestMapper}) open that turn, as Anthropic gave
 * them, but only to the model that wrote them: each block of an answer names its catalog model
 * ({@code "model"}, the gateway's field), and a block of another model (a fallback, a later turn on
 * another model) or one the gateway wrote from another provider's reasoning is left out. Anthropic's
 * newer models drop another model's blocks themselves and older ones may refuse them
 * (platform.claude.com/docs/en/build-with-claude/preserved-thinking).
 */
final class AnthropicMessages {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = JsonBuffers.pooled(new ObjectMapper());
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /**
     * The {@code system} blocks (possibly none), the alternating {@code messages}, and whether the
     * last assistant turn called tools without thinking blocks for this model: a client that dropped
     * them (the OpenAI SDKs' typed messages do) or a turn of another model cannot continue that tool
     * loop with thinking.
     */
    record Converted(ArrayNode system, ArrayNode messages, boolean lastToolTurnUnsigned) {
    }

    private AnthropicMessages() {
    }

    /** @param model the catalog ID of the model the request goes to (its own thinking blocks alone go back) */
    static Converted convert(List<Message> messages, String model, String provider) {
        ArrayNode system = F.arrayNode();
        Turns turns = new Turns();
        boolean unsigned = false;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String at = "messages[" + i + "]";
            switch (m.role()) {
                case SYSTEM, DEVELOPER -> {
                    String text = m.text();
                    if (text != null && !text.isBlank()) {
                        system.add(text(text));
                    }
                }
                case USER -> turns.add("user", userBlocks(m, at, provider), false);
                case TOOL -> turns.add("user", List.of(toolResult(m)), true);
                case ASSISTANT -> {
                    List<JsonNode> thinking = new ArrayList<>(signedThinking(m, provider, model));
                    thinking.addAll(thinkingBlocks(m.raw(), at, model));
                    unsigned = m.hasToolCalls() && thinking.isEmpty();
                    turns.add("assistant", assistantBlocks(m, at, thinking), false);
                }
                default -> throw new IllegalStateException("unknown role " + m.role());
            }
        }
        ArrayNode out = turns.finish();
        if (out.isEmpty()) {
            throw GatewayException.badRequest("messages",
                    "'messages' needs at least one user or assistant message besides system and developer ones.");
        }
        return new Converted(system, out, unsigned);
    }

    /**
     * The signed thinking an assistant turn carries back in neutral form (a Responses client's
     * reasoning items), as Anthropic gave it: only what this provider's very model wrote (thinking
     * is bound to the model that made it; another model's blocks are left out, as on a fallback),
     * never what the gateway signed itself, in its order.
     */
    private static List<JsonNode> signedThinking(Message m, String provider, String model) {
        List<JsonNode> out = new ArrayList<>();
        for (SignedReasoning s : m.signed()) {
            if (!s.isThinking() || s.provider() != null && !s.provider().equals(provider)
                    || s.model() != null && !s.model().equals(model)
                    || ThinkingSignatures.isGateways(s.signature())) {
                continue;
            }
            ObjectNode b = F.objectNode();
            if (s.kind() == SignedReasoning.Kind.THINKING) {
                b.put("type", "thinking").put("thinking", s.text()).put("signature", s.signature());
            } else {
                b.put("type", "redacted_thinking").put("data", s.data());
            }
            out.add(b);
        }
        return out;
    }

    private static ObjectNode text(String text) {
        ObjectNode b = F.objectNode();
        b.put("type", "text");
        b.put("text", text);
        return b;
    }

    private static List<JsonNode> userBlocks(Message m, String at, String provider) {
        List<JsonNode> out = new ArrayList<>();
        if (m.content() == null) {
            return out;
        }
        for (int j = 0; j < m.content().size(); j++) {
            ContentPart p = m.content().get(j);
            String partAt = at + ".content[" + j + "]";
            switch (p.type()) {
                case TEXT -> {
                    if (p.text() != null && !p.text().isEmpty()) { // the API rejects empty text blocks
                        out.add(text(p.text()));
                    }
                }
                case IMAGE_URL -> out.add(image(p.imageUrl(), partAt + ".image_url.url", provider));
                default -> throw GatewayException.unsupported(partAt, provider,
                        "'" + partAt + "' is a '" + p.wireType() + "' part; this provider takes text and image_url parts only");
            }
        }
        return out;
    }

    /** {@code data:} URLs become base64 sources, http(s) URLs URL sources. */
    static ObjectNode image(String url, String param, String provider) {
        ObjectNode source = F.objectNode();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            int comma = url.indexOf(',');
            String head = comma < 0 ? "" : url.substring(5, comma);
            if (!head.toLowerCase(Locale.ROOT).endsWith(";base64")) {
                throw GatewayException.badRequest(param,
                        "'" + param + "' must be a base64 data URL: data:<media type>;base64,<data>.");
            }
            String mediaType = head.substring(0, head.length() - ";base64".length()).toLowerCase(Locale.ROOT);
            if (!IMAGE_TYPES.contains(mediaType)) {
                throw GatewayException.unsupported(param, provider,
                        "'" + param + "' is of type '" + mediaType + "'; images must be JPEG, PNG, GIF or WebP");
            }
            source.put("type", "base64");
            source.put("media_type", mediaType);
            source.put("data", url.substring(comma + 1));
        } else if (lower.startsWith("https://") || lower.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw GatewayException.badRequest(param, "'" + param + "' must be an http(s) or data: URL.");
        }
        ObjectNode b = F.objectNode();
        b.put("type", "image");
        b.set("source", source);
        return b;
    }

    private static ObjectNode toolResult(Message m) {
        ObjectNode b = F.objectNode();
        b.put("type", "tool_result");
        b.put("tool_use_id", ToolCallIds.portable(m.toolCallId()));
        String text = m.text();
        if (text != null && !text.isEmpty()) {
            b.put("content", text);
        }
        return b;
    }

    private static List<JsonNode> assistantBlocks(Message m, String at, List<JsonNode> thinking) {
        List<JsonNode> out = new ArrayList<>(thinking);
        String text = m.text();
        if (text != null && !text.isEmpty()) {
            out.add(text(text));
        }
        for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall call = m.toolCalls().get(j);
            ObjectNode b = F.objectNode();
            b.put("type", "tool_use");
            b.put("id", ToolCallIds.portable(call.id())); // a Gemini-signed id, shortened
            b.put("name", call.name());
            b.set("input", arguments(call.arguments(), at + ".tool_calls[" + j + "].function.arguments"));
            out.add(b);
        }
        return out;
    }

    /** Anthropic wants the arguments as an object: the JSON text parsed, {} when empty. */
    private static JsonNode arguments(String args, String param) {
        if (args == null || args.isBlank()) {
            return F.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(args);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // reported below
        }
        throw GatewayException.badRequest(param, "'" + param + "' must be a JSON object in a string.");
    }

    /**
     * The signed thinking blocks a client sent back on an assistant turn, as Anthropic gave them,
     * that {@code model} wrote (or that name no model: blocks from before the gateway named them).
     */
    private static List<JsonNode> thinkingBlocks(JsonNode raw, String at, String model) {
        JsonNode arr = raw == null ? null : raw.get("thinking_blocks");
        List<JsonNode> out = new ArrayList<>();
        if (arr == null || arr.isNull()) {
            return out;
        }
        String param = at + ".thinking_blocks";
        if (!arr.isArray()) {
            throw GatewayException.badRequest(param, "'" + param + "' must be an array of thinking blocks.");
        }
        for (int k = 0; k < arr.size(); k++) {
            JsonNode b = arr.get(k);
            String type = b.path("type").asText("");
            String madeBy = b.path(AnthropicResponse.MODEL_FIELD).asText(null);
            if (madeBy != null && !madeBy.equals(model)
                    || ThinkingSignatures.isGateways(b.path("signature").asText(null))) {
                continue;
            }
            ObjectNode copy = F.objectNode();
            copy.put("type", type);
            if (type.equals("thinking") && b.path("thinking").isTextual() && b.path("signature").isTextual()) {
                copy.set("thinking", b.get("thinking"));
                copy.set("signature", b.get("signature"));
            } else if (type.equals("redacted_thinking") && b.path("data").isTextual()) {
                copy.set("data", b.get("data"));
            } else {
                throw GatewayException.badRequest(param + "[" + k + "]", "'" + param + "[" + k + "]' must be "
                        + "{\"type\": \"thinking\", \"thinking\", \"signature\"} or {\"type\": \"redacted_thinking\", \"data\"}.");
            }
            out.add(copy);
        }
        return out;
    }

    /** Builds alternating turns: same-role content merges; in a user turn tool results go first. */
    private static final class Turns {
        private final ArrayNode out = F.arrayNode();
        private final List<JsonNode> results = new ArrayList<>();
        private final List<JsonNode> blocks = new ArrayList<>();
        private String role;

        void add(String turnRole, List<JsonNode> content, boolean toolResults) {
            if (content.isEmpty()) {
                return; // an empty turn would split the turns around it
            }
            if (!turnRole.equals(role)) {
                flush();
                role = turnRole;
            }
            (toolResults ? results : blocks).addAll(content);
        }

        ArrayNode finish() {
            flush();
            return out;
        }

        private void flush() {
            if (role != null) {
                ObjectNode turn = out.addObject();
                turn.put("role", role);
                ArrayNode content = turn.putArray("content");
                content.addAll(results);
                content.addAll(blocks);
            }
            results.clear();
            blocks.clear();
        }
    }
}
