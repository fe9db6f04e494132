package io.opengateway.front.messages;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.edge.Fields;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.Role;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolCall;

/**
 * A Messages request's system prompt, turns and tools as neutral messages and tools. A user turn's
 * {@code tool_result} blocks become tool messages ahead of the turn's other content (Anthropic
 * puts them first); an assistant turn's {@code thinking} text becomes its reasoning (its signature
 * is Anthropic's and stays in the raw block). A {@code system} turn (a mid-conversation system
 * message, https://platform.claude.com/docs/en/about-claude/models/whats-new-claude-4-8) is an
 * instruction where it stands. {@code cache_control} is a hint and is not carried.
 * What has no neutral form (documents, server tools and their results) is listed by path, so a
 * provider of another dialect refuses it by name.
 */
final class MessagesContent {

    private final List<String> untranslatable;

    MessagesContent(List<String> untranslatable) {
        this.untranslatable = untranslatable;
    }

    List<Message> read(JsonNode body) {
        List<Message> out = new ArrayList<>();
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            out.add(message(Role.SYSTEM, parts(system, "system"), null, null, false, system));
        }
        JsonNode turns = Fields.array(body, "messages", "messages");
        if (turns == null) {
            throw GatewayException.badRequest("messages", "messages: Field required");
        }
        for (int i = 0; i < turns.size(); i++) {
            JsonNode m = turns.get(i);
            String at = "messages." + i;
            if (!m.isObject()) {
                throw GatewayException.badRequest(at, at + ": must be an object with 'role' and 'content'");
            }
            String role = Fields.string(m, "role", at + ".role");
            JsonNode content = m.get("content");
            if (content == null || !(content.isTextual() || content.isArray())) {
                throw GatewayException.badRequest(at + ".content", at + ".content: must be a string or a list of blocks");
            }
            if ("user".equals(role)) {
                user(content, at, m, out);
            } else if ("assistant".equals(role)) {
                out.add(assistant(content, at, m));
            } else if ("system".equals(role)) {
                // a mid-conversation system message (Claude Code sends them): an instruction at its place
                out.add(message(Role.SYSTEM, parts(content, at + ".content"), null, null, false, m));
            } else {
                throw GatewayException.badRequest(at + ".role", at + ".role: must be 'user', 'assistant' or 'system'");
            }
        }
        return out;
    }

    private void user(JsonNode content, String at, JsonNode raw, List<Message> out) {
        if (content.isTextual()) {
            out.add(message(Role.USER, List.of(ContentPart.text(content.asText())), null, null, false, raw));
            return;
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode b = content.get(j);
            String bat = at + ".content." + j;
            if ("tool_result".equals(b.path("type").asText())) {
                String id = Fields.string(b, "tool_use_id", bat + ".tool_use_id");
                if (id == null) {
                    throw GatewayException.badRequest(bat + ".tool_use_id", bat + ".tool_use_id: Field required");
                }
                JsonNode result = b.get("content");
                List<ContentPart> resultParts = result == null || result.isNull() ? List.of(ContentPart.text(""))
                        : parts(result, bat + ".content");
                out.add(message(Role.TOOL, resultParts, null, id, b.path("is_error").asBoolean(false), b));
            } else {
                parts.add(part(b, bat));
            }
        }
        if (!parts.isEmpty()) {
            out.add(message(Role.USER, parts, null, null, false, raw));
        }
    }

    private Message assistant(JsonNode content, String at, JsonNode raw) {
        if (content.isTextual()) {
            return message(Role.ASSISTANT, List.of(ContentPart.text(content.asText())), null, null, false, raw);
        }
        List<ContentPart> parts = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode b = content.get(j);
            String bat = at + ".content." + j;
            switch (b.path("type").asText("")) {
                case "tool_use" -> calls.add(new ToolCall(Fields.string(b, "id", bat + ".id"),
                        Fields.string(b, "name", bat + ".name"),
                        b.path("input").isObject() ? b.get("input").toString() : "{}"));
                case "thinking" -> reasoning.append(b.path("thinking").asText(""));
                case "redacted_thinking" -> {
                    // encrypted, readable by Anthropic only: nothing to carry elsewhere
                }
                default -> parts.add(part(b, bat));
            }
        }
        Message m = new Message(Role.ASSISTANT, parts.isEmpty() ? null : parts, null, calls, null,
                reasoning.length() == 0 ? null : reasoning.toString(), false, raw);
        return m;
    }

    /** A string, or a list of text (and image) blocks. */
    private List<ContentPart> parts(JsonNode v, String at) {
        if (v.isTextual()) {
            return List.of(ContentPart.text(v.asText()));
        }
        if (!v.isArray()) {
            throw GatewayException.badRequest(at, at + ": must be a string or a list of blocks");
        }
        List<ContentPart> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(part(v.get(i), at + "." + i));
        }
        return out;
    }

    private ContentPart part(JsonNode b, String at) {
        if (!b.isObject()) {
            throw GatewayException.badRequest(at, at + ": must be a content block object");
        }
        String type = b.path("type").asText("");
        switch (type) {
            case "text" -> {
                String text = Fields.string(b, "text", at + ".text");
                if (text == null) {
                    throw GatewayException.badRequest(at + ".text", at + ".text: Field required");
                }
                return ContentPart.text(text);
            }
            case "image" -> {
                return ContentPart.image(imageUrl(b.path("source"), at + ".source"), null);
            }
            case "" -> throw GatewayException.badRequest(at + ".type", at + ".type: Field required");
            default -> {
                untranslatable.add(at + " (a '" + type + "' block)");
                return new ContentPart(ContentPart.Type.OTHER, null, null, null, b);
            }
        }
    }

    /** An image source as a URL: base64 data as a {@code data:} URL, a URL as it is. */
    private static String imageUrl(JsonNode source, String at) {
        String type = source.path("type").asText("");
        if (type.equals("base64")) {
            String media = source.path("media_type").asText("");
            String data = source.path("data").asText("");
            if (media.isEmpty() || data.isEmpty()) {
                throw GatewayException.badRequest(at, at + ": a base64 source needs 'media_type' and 'data'");
            }
            return "data:" + media + ";base64," + data;
        }
        if (type.equals("url") && source.hasNonNull("url")) {
            return source.get("url").asText();
        }
        throw GatewayException.badRequest(at + ".type", at + ".type: must be 'base64' or 'url'");
    }

    List<Tool> tools(JsonNode body) {
        JsonNode tools = Fields.array(body, "tools", "tools");
        List<Tool> out = new ArrayList<>();
        if (tools == null) {
            return out;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String at = "tools." + i;
            String type = t.path("type").asText("custom");
            String name = Fields.string(t, "name", at + ".name");
            if (name == null) {
                throw GatewayException.badRequest(at + ".name", at + ".name: Field required");
            }
            if (!type.equals("custom")) {
                untranslatable.add(at + " (the server tool '" + type + "')");
                continue;
            }
            if (!t.path("input_schema").isObject()) {
                throw GatewayException.badRequest(at + ".input_schema", at + ".input_schema: Field required");
            }
            out.add(new Tool(name, Fields.string(t, "description", at + ".description"), t.get("input_schema"), null));
        }
        return out;
    }

    private static Message message(Role role, List<ContentPart> parts, List<ToolCall> calls, String toolCallId,
            boolean error, JsonNode raw) {
        return new Message(role, parts, null, calls, toolCallId, null, error, raw);
    }
}
