package io.opengateway.front.messages;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.ThinkingSignatures;
import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.FinishReason;
import io.opengateway.model.ToolCall;
import io.opengateway.model.Usage;

/**
 * Neutral answers in Anthropic's Messages shape (https://docs.claude.com/en/api/messages): the
 * message, its content blocks, stop reasons and usage. Anthropic's {@code input_tokens} leave out
 * the cache reads and writes, which have counters of their own.
 */
final class MessagesFormat {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MessagesFormat() {
    }

    static ObjectNode message(ChatCompletion c, String id, String model, ObjectMapper json) {
        ObjectNode out = F.objectNode();
        out.put("id", id);
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", model);
        ArrayNode content = out.putArray("content");
        FinishReason reason = null;
        if (!c.choices().isEmpty()) {
            AssistantMessage m = c.choices().get(0).message();
            reason = c.choices().get(0).finishReason();
            if (m.reasoningContent() != null && !m.reasoningContent().isEmpty()) {
                content.addObject().put("type", "thinking").put("thinking", m.reasoningContent())
                        .put("signature", ThinkingSignatures.of(provider(model)));
            }
            if (m.content() != null && !m.content().isEmpty()) {
                content.addObject().put("type", "text").put("text", m.content());
            }
            for (ToolCall call : m.toolCalls()) {
                content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", input(call.arguments(), json));
            }
        }
        out.put("stop_reason", stopReason(reason));
        out.putNull("stop_sequence");
        out.set("usage", usage(c.usage() == null ? Usage.NONE : c.usage()));
        return out;
    }

    /** The provider of a catalog ID. */
    static String provider(String model) {
        return model.substring(0, Math.max(0, model.indexOf('/')));
    }

    /** The stop reason for a finish reason; a stream or answer without one ended its turn. */
    static String stopReason(FinishReason reason) {
        if (reason == null) {
            return "end_turn";
        }
        return switch (reason) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }

    static ObjectNode usage(Usage u) {
        ObjectNode out = F.objectNode();
        out.put("input_tokens", Math.max(0, u.promptTokens() - u.cachedTokens() - u.cacheWriteTokens()));
        out.put("cache_creation_input_tokens", u.cacheWriteTokens());
        out.put("cache_read_input_tokens", u.cachedTokens());
        out.put("output_tokens", u.completionTokens());
        return out;
    }

    /** A tool call's arguments as the input object; text that is no JSON object is kept under "arguments". */
    static JsonNode input(String arguments, ObjectMapper json) {
        try {
            JsonNode n = arguments == null || arguments.isBlank() ? null : json.readTree(arguments);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // kept as text below
        }
        ObjectNode wrapped = F.objectNode();
        if (arguments != null && !arguments.isBlank()) {
            wrapped.put("arguments", arguments);
        }
        return wrapped;
    }
}
