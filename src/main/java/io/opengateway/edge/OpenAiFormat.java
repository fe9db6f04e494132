package io.opengateway.edge;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.error.Attempt;
import io.opengateway.error.GatewayException;
import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;
import io.opengateway.model.Usage;

/** Writes the neutral model in OpenAI's Chat Completions shape: the one format clients see. */
public final class OpenAiFormat {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OpenAiFormat() {
    }

    /** What every chunk of one stream repeats: its id, creation time and (catalog) model. */
    public record ChunkMeta(String id, long created, String model) {
    }

    public static ObjectNode completion(ChatCompletion c, ChunkMeta meta) {
        ObjectNode root = F.objectNode();
        root.put("id", meta.id());
        root.put("object", "chat.completion");
        root.put("created", meta.created());
        root.put("model", meta.model());
        ArrayNode choices = root.putArray("choices");
        for (Choice choice : c.choices()) {
            ObjectNode ch = choices.addObject();
            ch.put("index", choice.index());
            ch.set("message", message(choice.message()));
            ch.putNull("logprobs");
            ch.put("finish_reason", choice.finishReason() == null ? null : choice.finishReason().wire());
        }
        if (c.usage() != null) {
            root.set("usage", usage(c.usage()));
        }
        return root;
    }

    private static ObjectNode message(AssistantMessage m) {
        ObjectNode msg = F.objectNode();
        msg.put("role", "assistant");
        msg.put("content", m.content());
        if (m.reasoningContent() != null) {
            msg.put("reasoning_content", m.reasoningContent());
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (ToolCall tc : m.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", tc.id());
                call.put("type", "function");
                ObjectNode fn = call.putObject("function");
                fn.put("name", tc.name());
                fn.put("arguments", tc.arguments());
            }
        }
        msg.putNull("refusal");
        if (!m.signed().isEmpty()) {
            msg.set("thinking_blocks", thinkingBlocks(m.signed()));
        }
        if (m.extra() != null) {
            msg.setAll(m.extra());
        }
        return msg;
    }

    /**
     * Signed reasoning as the {@code thinking_blocks} a Chat Completions client sends back on the
     * assistant message: {@code {"type": "thinking", "thinking", "signature"}} or
     * {@code {"type": "redacted_thinking", "data"}}, each with the catalog {@code model} that wrote it
     * where known (a call's signature travels in its id instead).
     */
    private static ArrayNode thinkingBlocks(List<SignedReasoning> signed) {
        ArrayNode blocks = F.arrayNode();
        for (SignedReasoning s : signed) {
            ObjectNode b;
            if (s.kind() == SignedReasoning.Kind.THINKING) {
                b = blocks.addObject().put("type", "thinking").put("thinking", s.text()).put("signature", s.signature());
            } else if (s.kind() == SignedReasoning.Kind.REDACTED_THINKING) {
                b = blocks.addObject().put("type", "redacted_thinking").put("data", s.data());
            } else {
                continue;
            }
            if (s.model() != null) {
                b.put("model", s.model()); // thinking is bound to its model: a fallback to another leaves it out
            }
        }
        return blocks;
    }

    public static ObjectNode chunk(ChunkMeta meta, ChunkDelta d) {
        ObjectNode root = chunkRoot(meta);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", d.index());
        ObjectNode delta = choice.putObject("delta");
        if (d.role()) {
            delta.put("role", "assistant");
            if (d.content() == null) {
                delta.put("content", "");
            }
        }
        if (d.content() != null) {
            delta.put("content", d.content());
        }
        if (d.reasoningContent() != null) {
            delta.put("reasoning_content", d.reasoningContent());
        }
        if (!d.toolCalls().isEmpty()) {
            ArrayNode calls = delta.putArray("tool_calls");
            for (ChunkDelta.ToolCallDelta tc : d.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("index", tc.index());
                if (tc.id() != null) {
                    call.put("id", tc.id());
                    call.put("type", "function");
                }
                ObjectNode fn = call.putObject("function");
                if (tc.name() != null) {
                    fn.put("name", tc.name());
                }
                if (tc.arguments() != null) {
                    fn.put("arguments", tc.arguments());
                }
            }
        }
        if (!d.signed().isEmpty()) {
            delta.set("thinking_blocks", thinkingBlocks(d.signed()));
        }
        if (d.extra() != null) {
            delta.setAll(d.extra());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", d.finishReason() == null ? null : d.finishReason().wire());
        return root;
    }

    public static ObjectNode usageChunk(ChunkMeta meta, Usage u) {
        ObjectNode root = chunkRoot(meta);
        root.putArray("choices");
        root.set("usage", usage(u));
        return root;
    }

    private static ObjectNode chunkRoot(ChunkMeta meta) {
        ObjectNode root = F.objectNode();
        root.put("id", meta.id());
        root.put("object", "chat.completion.chunk");
        root.put("created", meta.created());
        root.put("model", meta.model());
        return root;
    }

    public static ObjectNode usage(Usage u) {
        ObjectNode n = F.objectNode();
        n.put("prompt_tokens", u.promptTokens());
        n.put("completion_tokens", u.completionTokens());
        n.put("total_tokens", u.totalTokens());
        ObjectNode prompt = n.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", u.cachedTokens());
        if (u.cacheWriteTokens() > 0) {
            prompt.put("cache_write_tokens", u.cacheWriteTokens());
        }
        n.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        return n;
    }

    /** {@code {"error": {message, type, param, code[, attempts]}}}. */
    public static ObjectNode error(GatewayException e) {
        ObjectNode root = F.objectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.code());
        if (!e.attempts().isEmpty()) {
            ArrayNode list = err.putArray("attempts");
            for (Attempt a : e.attempts()) {
                ObjectNode at = list.addObject();
                at.put("model", a.model());
                at.put("status", a.status());
                at.put("code", a.code());
                at.put("message", a.message());
            }
        }
        return root;
    }
}
