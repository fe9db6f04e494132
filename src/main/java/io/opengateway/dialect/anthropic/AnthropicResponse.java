package io.opengateway.dialect.anthropic;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;

/**
 * A Messages API answer in neutral form: text blocks are the content, {@code tool_use} blocks the
 * tool calls (input as a JSON string), thinking the reasoning text plus the signed blocks (thinking
 * and redacted thinking) a client sends back, each naming the catalog model that
 * wrote it. Server tool blocks (web search and its results) stay with Anthropic: the answer's
 * text says what the search found. The
 * JSON answer tool's input is the content. A refusal ({@code stop_reason: "refusal"},
 * {@code finish_reason: "content_filter"}) keeps Anthropic's {@code stop_details} (its
 * {@code category} and {@code explanation}) on the message, and the explanation as OpenAI's
 * {@code refusal} (platform.claude.com/docs/en/build-with-claude/handling-stop-reasons).
 */
final class AnthropicResponse {

    /** The field of a thinking block that names the catalog model that wrote it (the gateway's). */
    static final String MODEL_FIELD = "model";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AnthropicResponse() {
    }

    /**
     * @param jsonTool the JSON answer tool's name, or null when the request had none
     * @param model    the catalog ID of the model that answered
     */
    static ChatCompletion read(JsonNode body, String jsonTool, String model) {
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
                    String thought = block.path("thinking").asText("");
                    if (!thought.isEmpty()) { // empty where display is omitted: the signature carries it
                        reasoning = reasoning == null ? new StringBuilder() : reasoning;
                        reasoning.append(thought);
                    }
                    thinkingBlocks.add(SignedReasoning.thinking(thought, block.path("signature").asText(""))
                            .madeBy(null, model));
                }
                case "redacted_thinking" -> thinkingBlocks.add(SignedReasoning.redacted(block.path("data").asText(""))
                        .madeBy(null, model));
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
        ObjectNode extra = refusal(body.get("stop_details"));
        AssistantMessage message = new AssistantMessage(content, reasoning == null ? null : reasoning.toString(),
                calls, extra, thinkingBlocks);
        Choice choice = new Choice(0, message, StopReasons.map(body.path("stop_reason").asText(null), !calls.isEmpty()));
        return new ChatCompletion(body.path("model").asText(null), List.of(choice), AnthropicUsage.read(body.get("usage")));
    }

    /**
     * The fields a refusal's {@code stop_details} adds to the message (or the finishing delta):
     * {@code stop_details} as Anthropic sent it and its explanation (else its category) as
     * {@code refusal}; null when there are none.
     */
    static ObjectNode refusal(JsonNode stopDetails) {
        if (stopDetails == null || !stopDetails.isObject()) {
            return null;
        }
        ObjectNode out = F.objectNode();
        out.set("stop_details", stopDetails);
        String why = stopDetails.path("explanation").asText(null);
        String category = stopDetails.path("category").asText(null);
        if (why != null || category != null) {
            out.put("refusal", why != null ? why : "Refused (category: " + category + ")");
        }
        return out;
    }
}
