package io.opengateway.dialect.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.FinishReason;
import io.opengateway.model.ToolCall;

/**
 * A Responses API response object read as one chat choice: {@code output_text} parts are the
 * content, a {@code refusal} part the message's {@code refusal}, {@code function_call} items the
 * tool calls (their {@code call_id} is the tool call id a client sends back), reasoning summaries
 * (when any) {@code reasoning_content}. The finish reason: {@code completed} is {@code tool_calls}
 * when the model called a function, else {@code stop}; {@code incomplete} for
 * {@code max_output_tokens} is {@code length}, for {@code content_filter} {@code content_filter}.
 */
final class ResponsesReader {

    private ResponsesReader() {
    }

    /** The answer in neutral form, or null when the body is no response object. */
    static ChatCompletion read(JsonNode response) {
        if (!response.path("output").isArray()) {
            return null;
        }
        StringBuilder text = null;
        StringBuilder refusal = null;
        StringBuilder reasoning = null;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode item : response.get("output")) {
            switch (item.path("type").asText()) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        if (part.path("type").asText().equals("output_text")) {
                            text = append(text, part.path("text").asText(""));
                        } else if (part.path("type").asText().equals("refusal")) {
                            refusal = append(refusal, part.path("refusal").asText(""));
                        }
                    }
                }
                case "function_call" -> calls.add(new ToolCall(item.path("call_id").asText(),
                        item.path("name").asText(), item.path("arguments").asText("{}")));
                case "reasoning" -> {
                    for (JsonNode s : item.path("summary")) {
                        reasoning = append(reasoning, s.path("text").asText(""));
                    }
                }
                default -> {
                    // other item kinds (built-in tools) are not requested by the bridge
                }
            }
        }
        ObjectNode extra = null;
        if (refusal != null) {
            extra = JsonNodeFactory.instance.objectNode().put("refusal", refusal.toString());
        }
        AssistantMessage m = new AssistantMessage(text == null ? null : text.toString(),
                reasoning == null ? null : reasoning.toString(), calls, extra);
        return new ChatCompletion(response.path("model").asText(null),
                List.of(new Choice(0, m, finish(response, !calls.isEmpty()))), OpenAiUsage.responses(response));
    }

    /** The chat finish reason of a finished response (its status and incomplete reason). */
    static FinishReason finish(JsonNode response, boolean calledTools) {
        if (response.path("status").asText().equals("incomplete")) {
            String why = response.path("incomplete_details").path("reason").asText("");
            return why.equals("content_filter") ? FinishReason.CONTENT_FILTER : FinishReason.LENGTH;
        }
        return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }

    private static StringBuilder append(StringBuilder sb, String s) {
        return (sb == null ? new StringBuilder() : sb).append(s);
    }
}
