package io.opengateway.front.messages;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.ThinkingSignatures;
import io.opengateway.error.AnthropicErrors;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.FinishReason;
import io.opengateway.model.Usage;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.NeutralSseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * A provider's stream, translated by its dialect into neutral deltas, written as Anthropic's
 * Messages events as each arrives: {@code message_start}, then per content block
 * {@code content_block_start}, its deltas and {@code content_block_stop} (a thinking, text or
 * tool-use block opens when the kind of delta changes; a thinking block ends with a
 * {@code signature_delta} naming its provider, ThinkingSignatures), and at the end {@code message_delta} with
 * the stop reason and usage, then {@code message_stop}. Only the first choice is written: the
 * Messages API has one.
 */
final class MessagesStreamRelay extends NeutralSseRelay {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectMapper json;
    private final String id;
    private final String model;
    private boolean started;
    private int blocks;
    private String open;
    private int openTool = -1;
    private FinishReason finish;

    MessagesStreamRelay(UpstreamBody upstream, RequestContext ctx, StreamTranslator translator, ObjectMapper json,
            String id, String model) {
        super(upstream, ctx, translator);
        this.json = json;
        this.id = id;
        this.model = model;
    }

    @Override
    protected void onEnd() {
        translator.onEnd(this);
        start();
        closeBlock();
        ObjectNode delta = F.objectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", MessagesFormat.stopReason(finish)).putNull("stop_sequence");
        Usage u = ctx.attempt().usage();
        delta.set("usage", MessagesFormat.usage(u == null ? Usage.NONE : u));
        event("message_delta", delta, true);
        event("message_stop", F.objectNode().put("type", "message_stop"), true);
    }

    @Override
    protected byte[] errorEvent(GatewayException e) {
        return sse("error", bytes(AnthropicErrors.body(e)));
    }

    @Override
    public void delta(ChunkDelta d) {
        if (d.index() != 0) {
            return;
        }
        start();
        if (d.reasoningContent() != null && !d.reasoningContent().isEmpty()) {
            open("thinking", -1, F.objectNode().put("type", "thinking").put("thinking", "").put("signature", ""));
            blockDelta(F.objectNode().put("type", "thinking_delta").put("thinking", d.reasoningContent()));
        }
        if (d.content() != null && !d.content().isEmpty()) {
            open("text", -1, F.objectNode().put("type", "text").put("text", ""));
            blockDelta(F.objectNode().put("type", "text_delta").put("text", d.content()));
        }
        for (ChunkDelta.ToolCallDelta call : d.toolCalls()) {
            if (!"tool_use".equals(open) || call.index() != openTool) {
                ObjectNode block = F.objectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
                block.putObject("input");
                open("tool_use", call.index(), block);
            }
            if (call.arguments() != null && !call.arguments().isEmpty()) {
                blockDelta(F.objectNode().put("type", "input_json_delta").put("partial_json", call.arguments()));
            }
        }
        if (d.finishReason() != null) {
            finish = d.finishReason();
        }
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = F.objectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        Usage u = ctx.attempt().usage();
        message.set("usage", MessagesFormat.usage(u == null ? Usage.NONE : u));
        ObjectNode start = F.objectNode().put("type", "message_start");
        start.set("message", message);
        event("message_start", start, false);
        event("ping", F.objectNode().put("type", "ping"), false);
    }

    private void open(String type, int tool, ObjectNode block) {
        if (type.equals(open) && tool == openTool) {
            return;
        }
        closeBlock();
        open = type;
        openTool = tool;
        ObjectNode e = F.objectNode().put("type", "content_block_start").put("index", blocks);
        e.set("content_block", block);
        event("content_block_start", e, true);
    }

    private void closeBlock() {
        if ("thinking".equals(open)) {
            // as Anthropic streams a signature: one signature_delta just before the block ends
            blockDelta(F.objectNode().put("type", "signature_delta")
                    .put("signature", ThinkingSignatures.of(MessagesFormat.provider(model))));
        }
        if (open != null) {
            event("content_block_stop", F.objectNode().put("type", "content_block_stop").put("index", blocks), true);
            blocks++;
            open = null;
            openTool = -1;
        }
    }

    private void blockDelta(ObjectNode delta) {
        ObjectNode e = F.objectNode().put("type", "content_block_delta").put("index", blocks);
        e.set("delta", delta);
        event("content_block_delta", e, true);
    }

    private void event(String name, ObjectNode data, boolean content) {
        emit(sse(name, bytes(data)), content);
    }

    private byte[] bytes(ObjectNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
    }
}
