package io.opengateway.front.responses;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.error.GatewayException;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.FinishReason;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCallIds;
import io.opengateway.model.Usage;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.NeutralSseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * A provider's stream, translated by its dialect into neutral deltas, written as the Responses
 * API's typed events as each delta arrives, every event with its {@code sequence_number}
 * (developers.openai.com/api/reference/resources/responses/streaming-events):
 * {@code response.created} and {@code response.in_progress}; per output item
 * {@code response.output_item.added}, its deltas and {@code response.output_item.done} — reasoning
 * (summary parts and text), a message ({@code content_part}, {@code output_text}), function calls
 * ({@code function_call_arguments}) and custom tool calls ({@code custom_tool_call_input}); an item
 * ends when the next kind begins. Then {@code response.completed} (or {@code response.incomplete})
 * with the whole response and usage. A stream that fails after it began ends with an {@code error}
 * event and {@code response.failed}. Reasoning state goes in a reasoning item's
 * {@code encrypted_content}: Anthropic's thinking when its signed block ends, a Gemini call's
 * signature in a reasoning item just before the call. The final response is handed to the keeper
 * (the store) just before its event is written; nothing else waits for it.
 */
final class ResponsesStreamWriter extends NeutralSseRelay {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectMapper json;
    private final ResponsesOptions o;
    private final Consumer<ObjectNode> keeper;
    private final ArrayNode output = F.arrayNode();
    private final Map<Integer, Call> calls = new HashMap<>();
    private int seq;
    private boolean started;
    private Open open;
    private FinishReason finish;

    /** The item being written: its kind, number and id, and what it has gathered. */
    private static final class Open {
        final String kind;
        final int index;
        final String id;
        final StringBuilder text = new StringBuilder();
        final List<SignedReasoning> signed = new ArrayList<>();
        boolean summaryPart;
        Call call;

        Open(String kind, int index, String id) {
            this.kind = kind;
            this.index = index;
            this.id = id;
        }
    }

    /** A tool call's item and its arguments so far. */
    private static final class Call {
        final Open item;
        final String callId;
        final String name;
        final StringBuilder arguments = new StringBuilder();
        final CustomInputDecoder custom;

        Call(Open item, String callId, String name, boolean custom) {
            this.item = item;
            this.callId = callId;
            this.name = name;
            this.custom = custom ? new CustomInputDecoder() : null;
        }
    }

    ResponsesStreamWriter(UpstreamBody upstream, RequestContext ctx, StreamTranslator translator, ObjectMapper json,
            ResponsesOptions options, Consumer<ObjectNode> keeper) {
        super(upstream, ctx, translator);
        this.json = json;
        this.o = options;
        this.keeper = keeper;
    }

    @Override
    protected void onEnd() {
        translator.onEnd(this);
        start();
        endItem();
        ObjectNode r = current("in_progress");
        ResponsesOutput.finish(r, finish, ctx.attempt().usage());
        keeper.accept(r); // kept before the client learns it is done, so its id can be continued from at once
        event(r.path("status").asText().equals("completed") ? "response.completed" : "response.incomplete",
                F.objectNode().set("response", r), true);
    }

    @Override
    protected byte[] errorEvent(GatewayException e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectNode err = F.objectNode().put("type", "error").put("code", e.code()).put("message", e.getMessage());
        err.put("param", e.param());
        err.put("sequence_number", seq++);
        out.writeBytes(sse("error", bytes(err)));
        ObjectNode r = current("failed");
        r.putObject("error").put("code", e.code()).put("message", e.getMessage());
        Usage u = ctx.attempt().usage();
        r.set("usage", ResponsesOutput.usage(u == null ? Usage.NONE : u));
        ObjectNode failed = F.objectNode().put("type", "response.failed");
        failed.set("response", r);
        failed.put("sequence_number", seq++);
        out.writeBytes(sse("response.failed", bytes(failed)));
        return out.toByteArray();
    }

    @Override
    public void delta(ChunkDelta d) {
        if (d.index() != 0) {
            return;
        }
        start();
        if (d.reasoningContent() != null && !d.reasoningContent().isEmpty()) {
            reasoningText(d.reasoningContent());
        }
        if (!d.signed().isEmpty()) {
            Open r = openReasoning();
            r.signed.addAll(d.signed());
            endItem(); // a signed block is whole: its item is done
        }
        if (d.content() != null && !d.content().isEmpty()) {
            text(d.content());
        }
        for (ChunkDelta.ToolCallDelta t : d.toolCalls()) {
            toolCall(t);
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
        event("response.created", F.objectNode().set("response", ResponsesOutput.skeleton(o, "in_progress")), false);
        event("response.in_progress", F.objectNode().set("response", ResponsesOutput.skeleton(o, "in_progress")), false);
    }

    private Open openReasoning() {
        if (open == null || !open.kind.equals("reasoning")) {
            Open r = begin("reasoning", "rs");
            added(r, F.objectNode().put("id", r.id).put("type", "reasoning").set("summary", F.arrayNode()));
        }
        return open;
    }

    private void reasoningText(String text) {
        Open r = openReasoning();
        r.text.append(text);
        if (!o.summaries()) {
            return;
        }
        if (!r.summaryPart) {
            r.summaryPart = true;
            ObjectNode e = itemEvent(r).put("summary_index", 0);
            e.set("part", ResponsesOutput.summaryText(""));
            event("response.reasoning_summary_part.added", e, true);
        }
        event("response.reasoning_summary_text.delta", itemEvent(r).put("summary_index", 0).put("delta", text), true);
    }

    private void text(String text) {
        if (open == null || !open.kind.equals("message")) {
            Open m = begin("message", "msg");
            added(m, ResponsesOutput.message(m.id, null, "in_progress"));
            ObjectNode e = itemEvent(m).put("content_index", 0);
            e.set("part", ResponsesOutput.outputText(""));
            event("response.content_part.added", e, true);
        }
        open.text.append(text);
        ObjectNode e = itemEvent(open).put("content_index", 0).put("delta", text);
        e.putArray("logprobs");
        event("response.output_text.delta", e, true);
    }

    private void toolCall(ChunkDelta.ToolCallDelta t) {
        Call call = calls.get(t.index());
        if (call == null) {
            if (o.encrypted() && ToolCallIds.carriesSignature(t.id())) {
                // a Gemini call's thought signature: a reasoning item just before the call carries it
                openReasoning().signed.add(SignedReasoning.callSignature(t.id(), ToolCallIds.signature(t.id())));
            }
            String kind = o.tools().origin(t.name()).custom() ? "ctc" : "fc";
            Open item = begin("call", kind);
            call = new Call(item, t.id(), t.name(), kind.equals("ctc"));
            item.call = call;
            calls.put(t.index(), call);
            added(item, ResponsesOutput.call(o, item.index, t.id(), t.name(), "", "in_progress"));
        }
        String args = t.arguments();
        if (args == null || args.isEmpty()) {
            return;
        }
        call.arguments.append(args);
        if (call.custom != null) {
            String input = call.custom.feed(args);
            if (!input.isEmpty()) {
                event("response.custom_tool_call_input.delta", itemEvent(call.item).put("delta", input), true);
            }
        } else {
            event("response.function_call_arguments.delta", itemEvent(call.item).put("delta", args), true);
        }
    }

    /** Ends the open item (if any) and opens a new one of {@code kind}. */
    private Open begin(String kind, String idPrefix) {
        endItem();
        int index = output.size();
        open = new Open(kind, index, o.itemId(idPrefix, index));
        output.addNull(); // its place, filled when it is done
        return open;
    }

    private void added(Open item, ObjectNode shown) {
        ObjectNode e = F.objectNode().put("output_index", item.index);
        e.set("item", shown);
        event("response.output_item.added", e, true);
    }

    /** Ends the open item: its closing events, then output_item.done with the item whole. */
    private void endItem() {
        Open item = open;
        open = null;
        if (item == null) {
            return;
        }
        ObjectNode done;
        switch (item.kind) {
            case "reasoning" -> {
                if (item.summaryPart) {
                    String text = item.text.toString();
                    event("response.reasoning_summary_text.done", itemEvent(item).put("summary_index", 0).put("text", text), true);
                    ObjectNode e = itemEvent(item).put("summary_index", 0);
                    e.set("part", ResponsesOutput.summaryText(text));
                    event("response.reasoning_summary_part.done", e, true);
                }
                done = ResponsesOutput.reasoning(item.id, item.text.toString(), item.signed, o);
            }
            case "message" -> {
                String text = item.text.toString();
                ObjectNode e = itemEvent(item).put("content_index", 0).put("text", text);
                e.putArray("logprobs");
                event("response.output_text.done", e, true);
                ObjectNode p = itemEvent(item).put("content_index", 0);
                p.set("part", ResponsesOutput.outputText(text));
                event("response.content_part.done", p, true);
                done = ResponsesOutput.message(item.id, text, "completed");
            }
            default -> {
                Call c = item.call;
                String args = c.arguments.length() == 0 ? "{}" : c.arguments.toString();
                done = ResponsesOutput.call(o, item.index, c.callId, c.name, args, "completed");
                if (c.custom != null) {
                    event("response.custom_tool_call_input.done",
                            itemEvent(item).put("input", done.path("input").asText()), true);
                } else {
                    event("response.function_call_arguments.done",
                            itemEvent(item).put("name", done.path("name").asText()).put("arguments", args), true);
                }
            }
        }
        output.set(item.index, done);
        ObjectNode e = F.objectNode().put("output_index", item.index);
        e.set("item", done);
        event("response.output_item.done", e, true);
    }

    /** The response as it stands: the finished items, in order. */
    private ObjectNode current(String status) {
        ObjectNode r = ResponsesOutput.skeleton(o, status);
        ArrayNode items = (ArrayNode) r.get("output");
        output.forEach(i -> {
            if (!i.isNull()) {
                items.add(i);
            }
        });
        return r;
    }

    private static ObjectNode itemEvent(Open item) {
        return F.objectNode().put("item_id", item.id).put("output_index", item.index);
    }

    private void event(String type, ObjectNode fields, boolean content) {
        ObjectNode e = F.objectNode().put("type", type);
        e.setAll(fields);
        e.put("sequence_number", seq++);
        emit(sse(type, bytes(e)), content);
    }

    private byte[] bytes(ObjectNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
    }
}
