package io.opengateway.model;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One streamed delta of choice {@code index}: any of role, content, reasoning or tool-call
 * fragments, and on the last one the finish reason. {@code extra} is merged into the delta as is.
 */
public record ChunkDelta(int index, boolean role, String content, String reasoningContent,
        List<ToolCallDelta> toolCalls, FinishReason finishReason, ObjectNode extra) {

    public ChunkDelta {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChunkDelta role(int index) {
        return new ChunkDelta(index, true, null, null, null, null, null);
    }

    public static ChunkDelta content(int index, String text) {
        return new ChunkDelta(index, false, text, null, null, null, null);
    }

    public static ChunkDelta reasoning(int index, String text) {
        return new ChunkDelta(index, false, null, text, null, null, null);
    }

    public static ChunkDelta toolCall(int index, ToolCallDelta call) {
        return new ChunkDelta(index, false, null, null, List.of(call), null, null);
    }

    public static ChunkDelta finish(int index, FinishReason reason) {
        return new ChunkDelta(index, false, null, null, null, reason, null);
    }

    /** Whether the client sees something of the answer in it (not just the opening role). */
    public boolean hasContent() {
        return content != null || reasoningContent != null || !toolCalls.isEmpty() || finishReason != null;
    }

    /**
     * A fragment of tool call number {@code index} (counting tool calls only). The first fragment of
     * a call carries {@code id} and {@code name}; later ones only argument text.
     */
    public record ToolCallDelta(int index, String id, String name, String arguments) {
    }
}
