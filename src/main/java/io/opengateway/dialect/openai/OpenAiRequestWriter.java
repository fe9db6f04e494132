package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.ServiceModes;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolCall;
import io.opengateway.model.ToolChoice;

/**
 * A Chat Completions body written from the neutral request, for a request that came in another
 * front-end dialect (a Chat Completions client's own body is forwarded as it came). What OpenAI
 * has no counterpart for is refused by name: {@code top_k}, images in tool results. A thinking
 * budget or adaptive effort becomes {@code reasoning_effort} on models with the catalog capability
 * {@code reasoning} and is dropped on the others (OpenAI refuses the field there; Claude Code asks
 * every model to think). {@code max_tokens} is capped at the catalog's {@code max_output_tokens}
 * (Anthropic's clients ask for more than a GPT-4o may write; a cap is what the field means).
 * A tool result that reports an error says so in its text.
 */
final class OpenAiRequestWriter {

    private OpenAiRequestWriter() {
    }

    static ObjectNode body(ChatRequest req, CatalogEntry model) {
        String provider = model.provider();
        if (req.topK() != null) {
            throw GatewayException.unsupported("top_k", provider, "'top_k' has no counterpart in OpenAI's API");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < req.messages().size(); i++) {
            messages.add(message(req.messages().get(i), i, provider));
        }
        if (req.maxTokens() != null) {
            Long cap = model.maxOutputTokens();
            body.put("max_completion_tokens", cap == null ? req.maxTokens() : Math.min(req.maxTokens(), cap));
        }
        if (req.temperature() != null) {
            body.put("temperature", req.temperature());
        }
        if (req.topP() != null) {
            body.put("top_p", req.topP());
        }
        if (!req.stop().isEmpty()) {
            req.stop().forEach(body.putArray("stop")::add);
        }
        if (req.user() != null) {
            body.put("user", req.user());
        }
        if (req.effort() != null && !req.effort().equals("none") && model.has("reasoning")) {
            body.put("reasoning_effort", req.effort());
        }
        if (!ServiceModes.standard(req.serviceTier())) {
            body.put("service_tier", req.serviceTier());
        }
        tools(req, body);
        if (req.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    private static ObjectNode message(Message m, int index, String provider) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("role", m.role().isInstruction() ? "system" : m.role().wire());
        switch (m.role()) {
            case TOOL -> {
                out.put("tool_call_id", m.toolCallId());
                for (ContentPart p : m.content()) {
                    if (!p.isText()) {
                        throw GatewayException.unsupported("messages", provider, "A tool result (for tool call '"
                                + m.toolCallId() + "') holds an image, which OpenAI's tool results cannot carry");
                    }
                }
                out.put("content", (m.toolError() ? "Error: " : "") + m.text());
            }
            case ASSISTANT -> {
                String text = m.text();
                if (text == null || text.isEmpty()) {
                    out.putNull("content");
                } else {
                    out.put("content", text);
                }
                if (m.hasToolCalls()) {
                    ArrayNode calls = out.putArray("tool_calls");
                    for (ToolCall c : m.toolCalls()) {
                        ObjectNode call = calls.addObject();
                        call.put("id", c.id());
                        call.put("type", "function");
                        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                    }
                }
            }
            default -> content(m, out);
        }
        return out;
    }

    private static void content(Message m, ObjectNode out) {
        if (m.content().size() == 1 && m.content().get(0).isText() || m.role().isInstruction()) {
            out.put("content", m.text());
            return;
        }
        ArrayNode parts = out.putArray("content");
        for (ContentPart p : m.content()) {
            if (p.isText()) {
                parts.addObject().put("type", "text").put("text", p.text());
            } else if (p.type() == ContentPart.Type.IMAGE_URL) {
                parts.addObject().put("type", "image_url").putObject("image_url").put("url", p.imageUrl());
            }
        }
    }

    private static void tools(ChatRequest req, ObjectNode body) {
        if (!req.hasTools()) {
            return;
        }
        ArrayNode tools = body.putArray("tools");
        for (Tool t : req.tools()) {
            ObjectNode f = tools.addObject().put("type", "function").putObject("function");
            f.put("name", t.name());
            if (t.description() != null) {
                f.put("description", t.description());
            }
            if (t.parameters() != null) {
                f.set("parameters", t.parameters());
            }
        }
        ToolChoice choice = req.toolChoice();
        if (choice != null) {
            switch (choice.mode()) {
                case AUTO -> body.put("tool_choice", "auto");
                case NONE -> body.put("tool_choice", "none");
                case REQUIRED -> body.put("tool_choice", "required");
                case NAMED -> body.putObject("tool_choice").put("type", "function")
                        .putObject("function").put("name", choice.name());
            }
        }
        if (req.parallelToolCalls() != null) {
            body.put("parallel_tool_calls", req.parallelToolCalls());
        }
    }
}
