package io.opengateway.dialect.anthropic;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.ToolCall;

/**
 * A Messages API answer in neutral form: text blocks are the content, {@code tool_use} blocks the
 * tool calls (input as a JSON string), thinking the {@code reasoning_content} plus the signed
 * {@code thinking_blocks} a client sends back. The JSON answer tool's input is the content.
 */
final class AnthropicResponse {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AnthropicResponse() {
    }

    /** @param jsonTool the JSON answer tool's name, or null when the request had none */
    static ChatCompletion read(JsonNode body, String jsonTool) {
        StringBuilder text = null;
        StringBuilder reasoning = null;
        String jsonAnswer = null;
        List<ToolCall> calls = new ArrayList<>();
        ArrayNode thinkingBlocks = F.arrayNode();
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> {
                    text = text == null ? new StringBuilder() : text;
                    text.append(block.path("text").asText(""));
                }
                case "thinking" -> {
                    reasoning = reasoning == null ? new StringBuilder() : reasoning;
                    reasoning.append(block.path("thinking").asText(""));
                    thinkingBlocks.add(thinkingBlock(block.path("thinking").asText(""), block.path("signature").asText("")));
                }
                case "redacted_thinking" -> thinkingBlocks.add(redactedBlock(block.path("data").asText("")));
                case "tool_use" -> {
                    String input = block.path("input").isObject() ? block.get("input").toString() : "{}";
                    String name = block.path("name").asText();
                    if (name.equals(jsonTool)) {
                        jsonAnswer = input;
                    } else {
                        calls.add(new ToolCall(block.path("id").asText(), name, input));
                    }
                }
                default -> {
                    // server tool blocks and citations have no Chat Completions form
                }
            }
        }
        String content = jsonAnswer != null ? jsonAnswer : text == null ? null : text.toString();
        ObjectNode extra = null;
        if (!thinkingBlocks.isEmpty()) {
            extra = F.objectNode();
            extra.set("thinking_blocks", thinkingBlocks);
        }
        AssistantMessage message = new AssistantMessage(content, reasoning == null ? null : reasoning.toString(),
                calls, extra);
        Choice choice = new Choice(0, message, StopReasons.map(body.path("stop_reason").asText(null), !calls.isEmpty()));
        return new ChatCompletion(body.path("model").asText(null), List.of(choice), AnthropicUsage.read(body.get("usage")));
    }

    static ObjectNode thinkingBlock(String thinking, String signature) {
        ObjectNode b = F.objectNode();
        b.put("type", "thinking");
        b.put("thinking", thinking);
        b.put("signature", signature);
        return b;
    }

    static ObjectNode redactedBlock(String data) {
        ObjectNode b = F.objectNode();
        b.put("type", "redacted_thinking");
        b.put("data", data);
        return b;
    }
}
