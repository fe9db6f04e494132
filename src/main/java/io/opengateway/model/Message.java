package io.opengateway.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One chat turn. {@code content} is null when the turn has none (an assistant turn with only
 * tool calls); a plain string content arrives as one text part. {@code raw} is the message as the
 * client sent it, so a dialect can read fields it carries back (reasoning, signatures).
 * {@code toolError} marks a tool result that reports the tool's failure (Anthropic's
 * {@code is_error}); Chat Completions has no such flag. {@code signed} is the reasoning state an
 * assistant turn carries back to the provider that made it (a front end other than Chat
 * Completions puts it here; a Chat Completions client's stays in {@code raw}).
 */
public record Message(
        Role role,
        List<ContentPart> content,
        String name,
        List<ToolCall> toolCalls,
        String toolCallId,
        String reasoningContent,
        boolean toolError,
        JsonNode raw,
        List<SignedReasoning> signed) {

    public Message {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        signed = signed == null ? List.of() : List.copyOf(signed);
    }

    /** A turn without signed reasoning. */
    public Message(Role role, List<ContentPart> content, String name, List<ToolCall> toolCalls, String toolCallId,
            String reasoningContent, boolean toolError, JsonNode raw) {
        this(role, content, name, toolCalls, toolCallId, reasoningContent, toolError, raw, List.of());
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
