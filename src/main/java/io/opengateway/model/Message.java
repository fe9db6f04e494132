package io.opengateway.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One chat turn. {@code content} is null when the turn has none (an assistant turn with only
 * tool calls); a plain string content arrives as one text part. {@code raw} is the message as the
 * client sent it, so a dialect can read fields it carries back (reasoning, signatures).
 * {@code toolError} marks a tool result that reports the tool's failure (Anthropic's
 * {@code is_error}); Chat Completions has no such flag.
 */
public record Message(
        Role role,
        List<ContentPart> content,
        String name,
        List<ToolCall> toolCalls,
        String toolCallId,
        String reasoningContent,
        boolean toolError,
        JsonNode raw) {

    public Message {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** All text parts joined; null when there is no content at all. */
    public String text() {
        if (content == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : content) {
            if (p.isText() && p.text() != null) {
                sb.append(p.text());
            }
        }
        return sb.toString();
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
