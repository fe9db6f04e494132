package io.opengateway.front.responses;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.EncryptedReasoning;
import io.opengateway.edge.Fields;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.Role;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;

/**
 * A Responses request's {@code instructions} and {@code input} as neutral messages.
 * {@code instructions} is a system message ahead of the rest; a string input one user message.
 * Items: {@code message} (roles user, system, developer, assistant; {@code input_text},
 * {@code output_text}, {@code refusal} and {@code input_image} parts); the model's own items —
 * assistant messages, {@code reasoning}, {@code function_call} and {@code custom_tool_call} — that
 * follow one another make one assistant turn; {@code function_call_output} and
 * {@code custom_tool_call_output} are tool results. A reasoning item's summary is the turn's
 * reasoning text, its {@code encrypted_content} (one the gateway wrote, {@link EncryptedReasoning})
 * the signed reasoning that goes back to the provider that made it; OpenAI's own encrypted content
 * only OpenAI can read, and it is left out for other providers. {@code web_search_call} items are
 * records of a search the provider ran; the text after them holds what it found. What needs
 * OpenAI's servers (files by id, stored items, other tools' calls) is listed as untranslatable.
 * Each message's place in the input is kept, so a provider's refusal can name it. A request that
 * continues a stored response ({@code previous_response_id}) has that conversation's items read ahead
 * of its input, after the instructions (the earlier turn's instructions are not carried over).
 */
final class ResponsesInput {

    private final ResponsesTools tools;
    private final List<String> untranslatable;
    private final List<Message> out = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private Turn turn;

    /** The assistant turn being gathered from consecutive items of the model. */
    private static final class Turn {
        final String at;
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final List<ToolCall> calls = new ArrayList<>();
        final List<SignedReasoning> signed = new ArrayList<>();
        boolean hasText;

        Turn(String at) {
            this.at = at;
        }
    }

    ResponsesInput(ResponsesTools tools, List<String> untranslatable) {
        this.tools = tools;
        this.untranslatable = untranslatable;
    }

    /** The request's messages: its instructions, the {@code earlier} items it continues from, its input. */
    List<Message> read(JsonNode body, ArrayNode earlier) {
        String instructions = Fields.string(body, "instructions", "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            add(message(Role.SYSTEM, List.of(ContentPart.text(instructions)), null), "instructions");
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw GatewayException.badRequest("input", "'input' is required: a string or a list of input items.");
        }
        if (!input.isTextual() && !input.isArray()) {
            throw GatewayException.badRequest("input", "'input' must be a string or a list of input items.");
        }
        for (JsonNode item : earlier) {
            item(item, "previous_response_id");
        }
        if (input.isTextual()) {
            endTurn();
            add(message(Role.USER, List.of(ContentPart.text(input.asText())), null), "input");
        } else {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]");
            }
            endTurn();
        }
        return out;
    }

    /**
     * The whole input as items, what a stored response is kept with: the {@code earlier} items, then
     * the request's own (a string input is one user message).
     */
    static ArrayNode conversation(ArrayNode earlier, JsonNode input) {
        ArrayNode items = earlier.deepCopy();
        if (input != null && input.isTextual()) {
            ObjectNode m = items.addObject().put("type", "message").put("role", "user");
            m.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
        } else if (input != null && input.isArray()) {
            input.forEach(items::add);
        }
        return items;
    }

    /** Where each message came from in the request ({@code input[3]}), by message index. */
    List<String> paths() {
        return paths;
    }

    private void item(JsonNode item, String at) {
        if (!item.isObject()) {
            throw GatewayException.badRequest(at, "'" + at + "' must be an input item object.");
        }
        String type = item.hasNonNull("type") ? Fields.string(item, "type", at + ".type")
                : item.has("role") ? "message" : "";
        switch (type) {
            case "message" -> message(item, at);
            case "function_call" -> turn(at).calls.add(new ToolCall(callId(item, at),
                    tools.flat(item.path("namespace").asText(null), required(item, "name", at)),
                    item.path("arguments").asText("{}")));
            case "custom_tool_call" -> {
                String input = Fields.string(item, "input", at + ".input");
                turn(at).calls.add(new ToolCall(callId(item, at),
                        tools.flat(item.path("namespace").asText(null), required(item, "name", at)),
                        JsonNodeFactory.instance.objectNode().put(ResponsesTools.INPUT, input == null ? "" : input)
                                .toString()));
            }
            case "function_call_output", "custom_tool_call_output" -> {
                endTurn();
                add(new Message(Role.TOOL, output(item.get("output"), at + ".output"), null, null, callId(item, at),
                        null, false, null), at);
            }
            case "reasoning" -> reasoning(item, at);
            case "web_search_call" -> {
                // the provider's own search, already answered from: nothing to send back
            }
            case "item_reference" -> untranslatable.add(at + " (an item_reference, which needs a stored response)");
            case "" -> throw GatewayException.badRequest(at + ".type", "'" + at + ".type' is required.");
            default -> untranslatable.add(at + " (a '" + type + "' item)");
        }
    }

    private void message(JsonNode item, String at) {
        String role = required(item, "role", at);
        JsonNode content = item.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw GatewayException.badRequest(at + ".content", "'" + at + ".content' must be a string or a list of parts.");
        }
        if (role.equals("assistant")) {
            Turn t = turn(at);
            for (ContentPart p : parts(content, at + ".content")) {
                t.text.append(p.text() == null ? "" : p.text());
                t.hasText = true;
            }
            return;
        }
        Role r = switch (role) {
            case "user" -> Role.USER;
            case "system" -> Role.SYSTEM;
            case "developer" -> Role.DEVELOPER;
            default -> throw GatewayException.badRequest(at + ".role",
                    "'" + at + ".role' must be 'user', 'assistant', 'system' or 'developer'.");
        };
        endTurn();
        add(message(r, parts(content, at + ".content"), null), at);
    }

    private void reasoning(JsonNode item, String at) {
        Turn t = turn(at);
        for (JsonNode s : item.path("summary")) {
            t.reasoning.append(s.path("text").asText(""));
        }
        String encrypted = Fields.string(item, "encrypted_content", at + ".encrypted_content");
        if (EncryptedReasoning.isGateways(encrypted)) {
            try {
                t.signed.addAll(EncryptedReasoning.decode(encrypted));
            } catch (IllegalArgumentException e) {
                throw GatewayException.badRequest(at + ".encrypted_content", "'" + at + ".encrypted_content' was "
                        + "altered: send the reasoning item back exactly as the gateway returned it, or leave it out.");
            }
        }
    }

    private List<ContentPart> parts(JsonNode content, String at) {
        if (content.isTextual()) {
            return List.of(ContentPart.text(content.asText()));
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode p = content.get(j);
            String pat = at + "[" + j + "]";
            String type = p.path("type").asText("");
            switch (type) {
                case "input_text", "output_text", "text" -> parts.add(ContentPart.text(p.path("text").asText("")));
                case "refusal" -> parts.add(ContentPart.text(p.path("refusal").asText("")));
                case "input_image" -> {
                    String url = Fields.string(p, "image_url", pat + ".image_url");
                    if (url == null) {
                        untranslatable.add(pat + " (an image by file_id, stored at OpenAI)");
                    } else {
                        parts.add(ContentPart.image(url, p.path("detail").asText(null)));
                    }
                }
                case "" -> throw GatewayException.badRequest(pat + ".type", "'" + pat + ".type' is required.");
                default -> untranslatable.add(pat + " (an '" + type + "' part)");
            }
        }
        return parts;
    }

    /** A tool's output: a string, or a list of text and image parts. */
    private List<ContentPart> output(JsonNode output, String at) {
        if (output == null || output.isNull()) {
            return List.of(ContentPart.text(""));
        }
        if (!output.isTextual() && !output.isArray()) {
            throw GatewayException.badRequest(at, "'" + at + "' must be a string or a list of parts.");
        }
        return parts(output, at);
    }

    private Turn turn(String at) {
        if (turn == null) {
            turn = new Turn(at);
        }
        return turn;
    }

    private void endTurn() {
        Turn t = turn;
        turn = null;
        if (t == null) {
            return;
        }
        List<ContentPart> text = t.hasText ? List.of(ContentPart.text(t.text.toString())) : null;
        add(new Message(Role.ASSISTANT, text, null, t.calls, null,
                t.reasoning.length() == 0 ? null : t.reasoning.toString(), false, null, t.signed), t.at);
    }

    private void add(Message m, String at) {
        out.add(m);
        paths.add(at);
    }

    private static Message message(Role role, List<ContentPart> parts, String toolCallId) {
        return new Message(role, parts, null, null, toolCallId, null, false, null);
    }

    private static String callId(JsonNode item, String at) {
        return required(item, "call_id", at);
    }

    private static String required(JsonNode item, String field, String at) {
        String v = Fields.string(item, field, at + "." + field);
        if (v == null) {
            throw GatewayException.badRequest(at + "." + field, "'" + at + "." + field + "' is required.");
        }
        return v;
    }
}
