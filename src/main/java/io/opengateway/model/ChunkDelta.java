package io.opengateway.model;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One streamed delta of choice {@code index}: any of role, content, reasoning or tool-call
 * fragments, and on the last one the finish reason. {@code signed} is reasoning state completed
 * with this delta (a signed thinking block, whole, once it has ended). {@code extra} is merged
 * into the delta as is.
 */
public record ChunkDelta(int index, boolean role, String content, String reasoningContent,
        List<ToolCallDelta> toolCalls, FinishReason finishReason, ObjectNode extra, List<SignedReasoning> signed) {

    public ChunkDelta {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        signed = signed == null ? List.of() : List.copyOf(signed);
    }

    public ChunkDelta(int index, boolean role, String content, String reasoningContent,
            List<ToolCallDelta> toolCalls, FinishReason finishReason, ObjectNode extra) {
        this(index, role, content, reasoningContent, toolCalls, finishReason, extra, List.of());
    }

    /** A finished piece of signed reasoning. */
    public static ChunkDelta signed(int index, SignedReasoning s) {
        return new ChunkDelta(index, false, null, null, null, null, null, List.of(s));
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
