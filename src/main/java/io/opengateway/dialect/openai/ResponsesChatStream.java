package io.opengateway.dialect.openai;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.ChunkDelta.ToolCallDelta;
import io.opengateway.stream.ChunkSink;
import io.opengateway.stream.SseEvent;
import io.opengateway.stream.StreamTranslator;

/**
 * A Responses API stream (typed events, developers.openai.com/api/reference/resources/responses/
 * streaming-events) translated, event by event, into the deltas of one chat choice: text deltas
 * are content, refusal deltas the delta's {@code refusal}, reasoning-summary deltas
 * {@code reasoning_content}; a {@code function_call} item opens a tool call (its {@code call_id}
 * and name) and its argument deltas follow it as they arrive. The terminal event gives the usage
 * and the finish reason ({@link ResponsesReader#finish}). The delta events' {@code obfuscation}
 * padding is not carried: the chunks are the gateway's own, of other lengths.
 */
final class ResponsesChatStream implements StreamTranslator {

    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private final String provider;
    /** Tool call number (counting tool calls only) of each function_call item, by item id and output index. */
    private final Map<String, Integer> calls = new HashMap<>();
    private boolean opened;
    private boolean terminal;

    ResponsesChatStream(ObjectMapper json, UpstreamErrors errors, String provider) {
        this.json = json;
        this.errors = errors;
        this.provider = provider;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink out) {
        JsonNode data = errors.eventObject(json, provider, event.data());
        String type = data.path("type").asText(event.event() == null ? "" : event.event());
        switch (type) {
            case "error" -> throw errors.streamError(provider, data.path("code").asText(null),
                    data.path("message").asText(null));
            case "response.failed" -> {
                JsonNode e = data.path("response").path("error");
                throw errors.streamError(provider, e.path("code").asText(null), e.path("message").asText(null));
            }
            case "response.created" -> {
                model(data, out);
                open(out);
            }
            case "response.output_item.added" -> {
                JsonNode item = data.path("item");
                if (item.path("type").asText().equals("function_call")) {
                    int index = calls.size() / 2;
                    calls.put(item.path("id").asText(), index);
                    calls.put("#" + data.path("output_index").asText(), index);
                    open(out);
                    out.delta(ChunkDelta.toolCall(0, new ToolCallDelta(index, item.path("call_id").asText(),
                            item.path("name").asText(), item.path("arguments").asText(""))));
                }
            }
            case "response.function_call_arguments.delta" -> {
                Integer index = calls.get(data.path("item_id").asText());
                if (index == null) {
                    index = calls.get("#" + data.path("output_index").asText());
                }
                if (index == null) {
                    throw errors.malformed(provider, "function call arguments for an item it never opened");
                }
                out.delta(ChunkDelta.toolCall(0, new ToolCallDelta(index, null, null, data.path("delta").asText(""))));
            }
            case "response.output_text.delta" -> text(ChunkDelta.content(0, data.path("delta").asText("")), out);
            case "response.refusal.delta" -> text(new ChunkDelta(0, false, null, null, null, null,
                    JsonNodeFactory.instance.objectNode().put("refusal", data.path("delta").asText(""))), out);
            case "response.reasoning_summary_text.delta" ->
                    text(ChunkDelta.reasoning(0, data.path("delta").asText("")), out);
            case "response.completed", "response.incomplete" -> {
                JsonNode r = data.path("response");
                model(data, out);
                if (r.hasNonNull("usage")) {
                    out.usage(OpenAiUsage.responses(r), null);
                }
                open(out);
                out.delta(ChunkDelta.finish(0, ResponsesReader.finish(r, !calls.isEmpty())));
                terminal = true;
                return false;
            }
            default -> {
                // lifecycle and *.done events repeat what the deltas already said
            }
        }
        return true;
    }

    private void text(ChunkDelta d, ChunkSink out) {
        open(out);
        if (d.content() == null || !d.content().isEmpty()) {
            out.delta(d);
        }
    }

    /** The first chunk names the assistant role, as a chat stream does. */
    private void open(ChunkSink out) {
        if (!opened) {
            opened = true;
            out.delta(ChunkDelta.role(0));
        }
    }

    private static void model(JsonNode data, ChunkSink out) {
        JsonNode m = data.path("response").get("model");
        if (m != null && m.isTextual()) {
            out.upstreamModel(m.asText());
        }
    }

    @Override
    public void onEnd(ChunkSink out) throws UpstreamException {
        if (!terminal) {
            throw UpstreamException.badGateway(provider, "upstream_stream_truncated",
                    "Provider '" + provider + "' ended the stream before it was complete", null);
        }
    }
}
