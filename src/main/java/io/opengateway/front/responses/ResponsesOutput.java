package io.opengateway.front.responses;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.EncryptedReasoning;
import io.opengateway.json.JsonBuffers;
import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.FinishReason;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;
import io.opengateway.model.ToolCallIds;
import io.opengateway.model.Usage;

/**
 * Neutral answers as OpenAI's {@code response} object and its output items, for the whole answer
 * and for the stream's events alike: a {@code reasoning} item (its summary when asked for, its
 * {@code encrypted_content} when asked for: the signed thinking and thought signatures, see
 * {@link EncryptedReasoning}), a {@code message} with one {@code output_text}, then one
 * {@code function_call} or {@code custom_tool_call} per tool call, named as the client declared the
 * tool. {@code status} is {@code completed}, or {@code incomplete} with its reason when the answer
 * was cut at the token limit or by a content filter; usage counts cached input and reasoning tokens.
 */
final class ResponsesOutput {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = JsonBuffers.pooled(new ObjectMapper());

    private ResponsesOutput() {
    }

    /** The whole answer. */
    static ObjectNode response(ChatCompletion c, ResponsesOptions o) {
        ObjectNode r = skeleton(o, "in_progress");
        ArrayNode output = (ArrayNode) r.get("output");
        FinishReason reason = null;
        if (!c.choices().isEmpty()) {
            AssistantMessage m = c.choices().get(0).message();
            reason = c.choices().get(0).finishReason();
            List<SignedReasoning> signed = new ArrayList<>(m.signed());
            for (ToolCall call : m.toolCalls()) {
                if (ToolCallIds.carriesSignature(call.id())) {
                    signed.add(SignedReasoning.callSignature(call.id(), ToolCallIds.signature(call.id())));
                }
            }
            if (m.reasoningContent() != null && !m.reasoningContent().isEmpty() || !signed.isEmpty()) {
                output.add(reasoning(o.itemId("rs", output.size()), m.reasoningContent(), signed, o));
            }
            if (m.content() != null && !m.content().isEmpty()) {
                output.add(message(o.itemId("msg", output.size()), m.content(), "completed"));
            }
            for (ToolCall call : m.toolCalls()) {
                output.add(call(o, output.size(), call.id(), call.name(), call.arguments(), "completed"));
            }
        }
        finish(r, reason, c.usage());
        return r;
    }

    /** The response as it stands before any output: what a stream's first events carry. */
    static ObjectNode skeleton(ResponsesOptions o, String status) {
        ObjectNode req = o.request();
        ObjectNode r = F.objectNode();
        r.put("id", o.responseId());
        r.put("object", "response");
        r.put("created_at", o.createdAt());
        r.put("status", status);
        r.put("background", false);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.set("instructions", req.hasNonNull("instructions") ? req.get("instructions") : F.nullNode());
        r.set("max_output_tokens", req.hasNonNull("max_output_tokens") ? req.get("max_output_tokens") : F.nullNode());
        r.set("metadata", req.path("metadata").isObject() ? req.get("metadata") : F.objectNode());
        r.put("model", o.model());
        r.putArray("output");
        r.put("parallel_tool_calls", req.path("parallel_tool_calls").asBoolean(true));
        r.set("previous_response_id", req.hasNonNull("previous_response_id") ? req.get("previous_response_id") : F.nullNode());
        ObjectNode reasoning = r.putObject("reasoning");
        reasoning.set("effort", req.path("reasoning").hasNonNull("effort") ? req.path("reasoning").get("effort") : F.nullNode());
        reasoning.set("summary", req.path("reasoning").hasNonNull("summary") ? req.path("reasoning").get("summary") : F.nullNode());
        r.put("store", req.path("store").asBoolean(true));
        r.put("temperature", req.path("temperature").asDouble(1.0));
        r.set("text", req.path("text").isObject() ? req.get("text") : F.objectNode().set("format", F.objectNode().put("type", "text")));
        r.set("tool_choice", req.hasNonNull("tool_choice") ? req.get("tool_choice") : F.textNode("auto"));
        r.set("tools", req.path("tools").isArray() ? req.get("tools") : F.arrayNode());
        r.put("top_p", req.path("top_p").asDouble(1.0));
        r.put("truncation", "disabled");
        r.putNull("usage");
        r.set("user", req.hasNonNull("user") ? req.get("user") : F.nullNode());
        return r;
    }

    /** Sets the final status (and why it is incomplete) and the usage. */
    static void finish(ObjectNode r, FinishReason reason, Usage u) {
        if (reason == FinishReason.LENGTH || reason == FinishReason.CONTENT_FILTER) {
            r.put("status", "incomplete");
            r.putObject("incomplete_details").put("reason",
                    reason == FinishReason.LENGTH ? "max_output_tokens" : "content_filter");
        } else {
            r.put("status", "completed");
        }
        r.set("usage", usage(u == null ? Usage.NONE : u));
    }

    static ObjectNode usage(Usage u) {
        ObjectNode n = F.objectNode();
        n.put("input_tokens", u.promptTokens());
        n.putObject("input_tokens_details").put("cached_tokens", u.cachedTokens());
        n.put("output_tokens", u.completionTokens());
        n.putObject("output_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        n.put("total_tokens", u.totalTokens());
        return n;
    }

    static ObjectNode reasoning(String id, String text, List<SignedReasoning> signed, ResponsesOptions o) {
        ObjectNode item = F.objectNode().put("id", id).put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        if (o.summaries() && text != null && !text.isEmpty()) {
            summary.add(summaryText(text));
        }
        if (o.encrypted() && !signed.isEmpty()) {
            item.put("encrypted_content", EncryptedReasoning.encode(o.provider(), o.model(), signed));
        }
        return item;
    }

    static ObjectNode summaryText(String text) {
        return F.objectNode().put("type", "summary_text").put("text", text);
    }

    static ObjectNode message(String id, String text, String status) {
        ObjectNode item = F.objectNode().put("id", id).put("type", "message").put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = F.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    /**
     * A tool call item, named as the client declared the tool: a {@code custom_tool_call} (its input
     * the text of the one argument) or a {@code function_call}, with its {@code namespace}.
     */
    static ObjectNode call(ResponsesOptions o, int n, String callId, String flatName, String arguments, String status) {
        ResponsesTools.Origin origin = o.tools().origin(flatName);
        ObjectNode item = F.objectNode();
        if (origin.custom()) {
            item.put("id", o.itemId("ctc", n)).put("type", "custom_tool_call").put("status", status)
                    .put("call_id", callId).put("name", origin.name()).put("input", customInput(arguments));
        } else {
            item.put("id", o.itemId("fc", n)).put("type", "function_call").put("status", status)
                    .put("call_id", callId).put("name", origin.name()).put("arguments", arguments == null ? "" : arguments);
        }
        if (origin.namespace() != null) {
            item.put("namespace", origin.namespace());
        }
        return item;
    }

    /** A custom tool's input: the one string argument, or the arguments as written when the model wrote other JSON. */
    static String customInput(String arguments) {
        try {
            JsonNode n = arguments == null ? null : JSON.readTree(arguments);
            if (n != null && n.path(ResponsesTools.INPUT).isTextual()) {
                return n.get(ResponsesTools.INPUT).asText();
            }
        } catch (IOException e) {
            // the text as it is, below
        }
        return arguments == null ? "" : arguments;
    }
}
