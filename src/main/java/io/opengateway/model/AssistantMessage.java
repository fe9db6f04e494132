package io.opengateway.model;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A generated turn. {@code signed} is the reasoning state the provider needs back on the next turn
 * (Anthropic's signed thinking, in the order it came); {@code extra} holds other dialect fields,
 * written into the OpenAI message as they are.
 */
public record AssistantMessage(String content, String reasoningContent, List<ToolCall> toolCalls, ObjectNode extra,
        List<SignedReasoning> signed) {

    public AssistantMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        signed = signed == null ? List.of() : List.copyOf(signed);
    }

    public AssistantMessage(String content, String reasoningContent, List<ToolCall> toolCalls, ObjectNode extra) {
        this(content, reasoningContent, toolCalls, extra, List.of());
    }
}
