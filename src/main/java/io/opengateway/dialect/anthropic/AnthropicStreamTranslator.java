package io.opengateway.dialect.anthropic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.ChunkDelta.ToolCallDelta;
import io.opengateway.model.SignedReasoning;
import io.opengateway.stream.ChunkSink;
import io.opengateway.stream.SseEvent;
import io.opengateway.stream.StreamTranslator;

/**
 * Anthropic's stream events as Chat Completions chunks, each as it arrives. Content blocks are
 * numbered over all block kinds; OpenAI numbers tool calls only, so each {@code tool_use} block
 * gets the next tool-call index (0, 1, 2 ...) and its argument fragments follow it there. A
 * thinking block's text streams as {@code reasoning_content}; once the block is complete and
 * signed, one delta carries it whole (signed reasoning) for the client to send back. Server tool
 * blocks (web search) pass unseen: their input is not a call of the client's tools.
 * The stream must end with {@code message_stop}: an end without it is an error, never a silent
 * clean end.
 */
final class AnthropicStreamTranslator implements StreamTranslator {

    private static final int CHOICE = 0;

    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private final String provider;
    private final String jsonTool;
    private final String model;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private ObjectNode usage;
    private int toolCalls;
    private boolean finished;
    private boolean stopped;

    /** One open content block: its kind, and what its end must still send. */
    private static final class Block {
        final String type;
        final int toolIndex;
        final boolean jsonAnswer;
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        boolean arguments;

        Block(String type, int toolIndex, boolean jsonAnswer) {
            this.type = type;
            this.toolIndex = toolIndex;
            this.jsonAnswer = jsonAnswer;
        }
    }

    /** @param model the catalog ID of the model that answers (named in its thinking blocks) */
    AnthropicStreamTranslator(ObjectMapper json, UpstreamErrors errors, String provider, String jsonTool,
            String model) {
        this.json = json;
        this.errors = errors;
        this.provider = provider;
        this.jsonTool = jsonTool;
        this.model = model;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink out) {
        JsonNode data = parse(event.data());
        String type = event.event() != null ? event.event() : data.path("type").asText("");
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                if (message.hasNonNull("model")) {
                    out.upstreamModel(message.get("model").asText());
                }
                usage(message.get("usage"), out);
                out.delta(ChunkDelta.role(CHOICE));
            }
            case "content_block_start" -> start(data.path("index").asInt(), data.path("content_block"), out);
            case "content_block_delta" -> delta(block(data), data.path("delta"), out);
            case "content_block_stop" -> stop(block(data), out);
            case "message_delta" -> {
                usage(data.get("usage"), out);
                String reason = data.path("delta").path("stop_reason").asText(null);
                if (reason != null) {
                    finish(reason, AnthropicResponse.refusal(data.path("delta").get("stop_details")), out);
                }
            }
            case "message_stop" -> {
                finish("end_turn", null, out);
                stopped = true;
                return false;
            }
            case "error" -> {
                JsonNode e = data.path("error");
                throw errors.streamError(provider, e.path("type").asText(null), e.path("message").asText(null));
            }
            default -> {
                // ping, and event kinds added after this code
            }
        }
        return true;
    }

    @Override
    public void onEnd(ChunkSink out) {
        if (!stopped) {
            throw UpstreamException.badGateway(provider, "upstream_stream_truncated",
                    "Provider '" + provider + "' ended the stream before it was complete", null);
        }
    }

    private void start(int index, JsonNode cb, ChunkSink out) {
        String type = cb.path("type").asText("");
        Block b;
        if (type.equals("tool_use")) {
            boolean answer = cb.path("name").asText().equals(jsonTool);
            b = new Block(type, answer ? -1 : toolCalls++, answer);
            if (!answer) {
                out.delta(ChunkDelta.toolCall(CHOICE, new ToolCallDelta(b.toolIndex, cb.path("id").asText(),
                        cb.path("name").asText(), "")));
            }
            if (cb.path("input").size() > 0) {
                fragment(b, cb.get("input").toString(), out);
            }
        } else {
            b = new Block(type, -1, false);
            if (type.equals("text") && !cb.path("text").asText("").isEmpty()) {
                out.delta(ChunkDelta.content(CHOICE, cb.get("text").asText()));
            } else if (type.equals("redacted_thinking")) {
                out.delta(ChunkDelta.signed(CHOICE, SignedReasoning.redacted(cb.path("data").asText(""))
                        .madeBy(null, model)));
            }
        }
        blocks.put(index, b);
    }

    private void delta(Block b, JsonNode d, ChunkSink out) {
        switch (d.path("type").asText("")) {
            case "text_delta" -> {
                String text = d.path("text").asText("");
                if (!text.isEmpty()) {
                    out.delta(ChunkDelta.content(CHOICE, text));
                }
            }
            case "input_json_delta" -> {
                String part = d.path("partial_json").asText("");
                // a server tool's input (the web search's query) is Anthropic's own business
                if (!part.isEmpty() && b.type.equals("tool_use")) {
                    fragment(b, part, out);
                }
            }
            case "thinking_delta" -> {
                String text = d.path("thinking").asText("");
                if (!text.isEmpty()) {
                    b.thinking.append(text);
                    out.delta(ChunkDelta.reasoning(CHOICE, text));
                }
            }
            case "signature_delta" -> b.signature.append(d.path("signature").asText(""));
            default -> {
                // citations and other deltas have no Chat Completions form
            }
        }
    }

    private void stop(Block b, ChunkSink out) {
        if (b.type.equals("tool_use") && !b.arguments) {
            fragment(b, "{}", out); // a call without arguments still ends with valid JSON
        } else if (b.type.equals("thinking")) {
            out.delta(ChunkDelta.signed(CHOICE, SignedReasoning.thinking(b.thinking.toString(), b.signature.toString())
                    .madeBy(null, model)));
        }
    }

    /** Argument text of a tool call, or, for the JSON answer tool, the answer's text. */
    private void fragment(Block b, String part, ChunkSink out) {
        b.arguments = true;
        out.delta(b.jsonAnswer ? ChunkDelta.content(CHOICE, part)
                : ChunkDelta.toolCall(CHOICE, new ToolCallDelta(b.toolIndex, null, null, part)));
    }

    /** @param refusal a refusal's fields for the finishing delta ({@link AnthropicResponse#refusal}), or null */
    private void finish(String reason, ObjectNode refusal, ChunkSink out) {
        if (!finished) {
            finished = true;
            out.delta(new ChunkDelta(CHOICE, false, null, null, List.of(), StopReasons.map(reason, toolCalls > 0),
                    refusal));
        }
    }

    private void usage(JsonNode reported, ChunkSink out) {
        if (reported != null && reported.isObject()) {
            usage = AnthropicUsage.merge(usage, reported);
            out.usage(AnthropicUsage.read(usage), null);
        }
    }

    private Block block(JsonNode data) {
        Block b = blocks.get(data.path("index").asInt(-1));
        if (b == null) {
            throw errors.malformed(provider, "a stream event for a content block that never started");
        }
        return b;
    }

    private JsonNode parse(String data) {
        return errors.eventObject(json, provider, data);
    }
}
