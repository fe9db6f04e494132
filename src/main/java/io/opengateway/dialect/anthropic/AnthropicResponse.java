package io.opengateway.dialect.anthropic;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;

/**
 * A Messages API answer in neutral form: text blocks are the content, {@code tool_use} blocks the
 * tool calls (input as a JSON string), thinking the reasoning text plus the signed blocks
 * (thinking and redacted thinking) a client sends back. Server tool blocks (web search and its
 * results) stay with Anthropic: the answer's text says what the search found. The JSON answer tool's input is the content.
 */
final class AnthropicResponse {

    private AnthropicResponse() {
    }

    /** @param jsonTool the JSON answer tool's name, or null when the request had none */
    static ChatCompletion read(JsonNode body, String jsonTool) {
        StringBuilder text = null;
        StringBuilder reasoning = null;
        String jsonAnswer = null;
        List<ToolCall> calls = new ArrayList<>();
        List<SignedReasoning> thinkingBlocks = new ArrayList<>();
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> {
                    text = text == null ? new StringBuilder() : text;
                    text.append(block.path("text").asText(""));
                }
                case "thinking" -> {
                    reasoning = reasoning == null ? new StringBuilder() : reasoning;
                    reasoning.append(block.path("thinking").asText(""));
                    thinkingBlocks.add(SignedReasoning.thinking(block.path("thinking").asText(""),
                            block.path("signature").asText("")));
                }
                case "redacted_thinking" -> thinkingBlocks.add(SignedReasoning.redacted(block.path("data").asText("")));
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
        AssistantMessage message = new AssistantMessage(content, reasoning == null ? null : reasoning.toString(),
                calls, null, thinkingBlocks);
        Choice choice = new Choice(0, message, StopReasons.map(body.path("stop_reason").asText(null), !calls.isEmpty()));
        return new ChatCompletion(body.path("model").asText(null), List.of(choice), AnthropicUsage.read(body.get("usage")));
    }

}
