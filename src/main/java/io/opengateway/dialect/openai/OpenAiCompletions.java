package io.opengateway.dialect.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.ChunkDelta.ToolCallDelta;
import io.opengateway.model.FinishReason;
import io.opengateway.model.ToolCall;

/**
 * OpenAI's Chat Completions answers and chunks read into the neutral model, for a front end of
 * another dialect (a Chat Completions client gets OpenAI's JSON as it came).
 */
final class OpenAiCompletions {

    private OpenAiCompletions() {
    }

    /** The answer in neutral form, or null when it has no {@code choices}. */
    static ChatCompletion read(JsonNode body) {
        if (!body.path("choices").isArray()) {
            return null;
        }
        List<Choice> choices = new ArrayList<>();
        for (JsonNode c : body.get("choices")) {
            JsonNode m = c.path("message");
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode t : m.path("tool_calls")) {
                calls.add(new ToolCall(t.path("id").asText(), t.path("function").path("name").asText(),
                        t.path("function").path("arguments").asText("{}")));
            }
            choices.add(new Choice(c.path("index").asInt(0), new AssistantMessage(text(m.get("content"), m),
                    m.path("reasoning_content").asText(null), calls, null), finish(c.path("finish_reason").asText(null))));
        }
        return new ChatCompletion(body.path("model").asText(null), choices, OpenAiUsage.chat(body));
    }

    /** The neutral deltas of one chunk (its usage is read apart). */
    static List<ChunkDelta> deltas(JsonNode chunk) {
        List<ChunkDelta> out = new ArrayList<>();
        for (JsonNode c : chunk.path("choices")) {
            int index = c.path("index").asInt(0);
            JsonNode d = c.path("delta");
            if (d.hasNonNull("role")) {
                out.add(ChunkDelta.role(index));
            }
            if (d.hasNonNull("reasoning_content") && !d.get("reasoning_content").asText().isEmpty()) {
                out.add(ChunkDelta.reasoning(index, d.get("reasoning_content").asText()));
            }
            String content = text(d.get("content"), d);
            if (content != null && !content.isEmpty()) {
                out.add(ChunkDelta.content(index, content));
            }
            for (JsonNode t : d.path("tool_calls")) {
                JsonNode f = t.path("function");
                out.add(ChunkDelta.toolCall(index, new ToolCallDelta(t.path("index").asInt(0), t.path("id").asText(null),
                        f.path("name").asText(null), f.path("arguments").asText(""))));
            }
            if (c.hasNonNull("finish_reason")) {
                out.add(ChunkDelta.finish(index, finish(c.get("finish_reason").asText())));
            }
        }
        return out;
    }

    /** The content, or the refusal when the model refused (its words are the answer). */
    private static String text(JsonNode content, JsonNode message) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        return message.hasNonNull("refusal") ? message.get("refusal").asText() : null;
    }

    static FinishReason finish(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }
}
