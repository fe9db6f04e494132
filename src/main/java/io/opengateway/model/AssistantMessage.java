package io.opengateway.model;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A generated turn. {@code extra} holds dialect fields the client should send back on the next
 * turn (thinking signatures, say); they are written into the OpenAI message as they are.
 */
public record AssistantMessage(String content, String reasoningContent, List<ToolCall> toolCalls, ObjectNode extra) {

    public AssistantMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
