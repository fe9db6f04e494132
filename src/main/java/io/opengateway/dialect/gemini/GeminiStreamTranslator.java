package io.opengateway.dialect.gemini;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.FinishReason;
import io.opengateway.model.ToolCall;
import io.opengateway.stream.ChunkSink;
import io.opengateway.stream.SseEvent;
import io.opengateway.stream.StreamTranslator;

/**
 * Gemini's {@code alt=sse} stream, one {@code GenerateContentResponse} per event, as Chat
 * Completions chunks, each sent as its event arrives. Gemini sends a function call whole, so each
 * becomes one tool-call delta with its id, name and complete arguments, and an index of its own
 * within its choice. A candidate that held calls finishes with {@code tool_calls} even when its
 * STOP came in a later event. The stream has no end marker of its own: it ends with its body, and
 * is complete only when every candidate has a finish reason (or the prompt was blocked) and the
 * usage came with that last finish or after it — Gemini reports the final usage in its last event,
 * which can follow the one with the finish reason; a body that ends before it was cut, whatever
 * HTTP says. Otherwise {@link #onEnd} throws.
 */
final class GeminiStreamTranslator implements StreamTranslator {

    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private final String provider;
    private final OpenAiFormat.ChunkMeta meta;
    private final Map<Integer, CandidateState> candidates = new TreeMap<>();
    private boolean blocked;
    /** Events read; the number of the last one that finished a candidate (or blocked) and of the last usage. */
    private int events;
    private int lastFinish;
    private int lastUsage;

    private static final class CandidateState {
        int nextToolIndex;
        boolean hasToolCalls;
        boolean finished;
    }

    GeminiStreamTranslator(ObjectMapper json, UpstreamErrors errors, String provider, OpenAiFormat.ChunkMeta meta) {
        this.json = json;
        this.errors = errors;
        this.provider = provider;
        this.meta = meta;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink out) {
        if (event.data().isBlank()) {
            return true;
        }
        JsonNode node;
        try {
            node = json.readTree(event.data());
        } catch (IOException e) {
            throw errors.malformed(provider, "a stream event that is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw errors.malformed(provider, "a stream event that is not a JSON object");
        }
        JsonNode err = GeminiErrors.error(node);
        if (err != null) {
            throw GeminiErrors.map(errors, provider, err.path("code").asInt(500), node, null);
        }
        if (node.hasNonNull("modelVersion")) {
            out.upstreamModel(node.get("modelVersion").asText());
        }
        events++;
        if (node.has("usageMetadata")) {
            out.usage(GeminiUsage.from(node.get("usageMetadata")), null);
            lastUsage = events;
        }
        JsonNode list = node.path("candidates");
        for (int i = 0; i < list.size(); i++) {
            candidate(list.get(i), i, out);
        }
        if (list.isEmpty() && GeminiResponses.blockReason(node) != null && !blocked) {
            blocked = true;
            lastFinish = events;
            out.delta(ChunkDelta.role(0));
            out.delta(ChunkDelta.finish(0, FinishReason.CONTENT_FILTER));
        }
        return true;
    }

    private void candidate(JsonNode c, int position, ChunkSink out) {
        int index = c.path("index").asInt(position);
        CandidateState state = candidates.get(index);
        if (state == null) {
            state = new CandidateState();
            candidates.put(index, state);
            out.delta(ChunkDelta.role(index));
        }
        // a chunk's logprobs cover its text: they go with the first text delta of the event
        ObjectNode logprobs = GeminiResponses.logprobs(c.get("logprobsResult"));
        for (JsonNode part : c.path("content").path("parts")) {
            String text = part.path("text").asText("");
            if (part.has("functionCall")) {
                state.hasToolCalls = true;
                ToolCall call = GeminiResponses.toolCall(part, meta.model());
                ChunkDelta delta = ChunkDelta.toolCall(index,
                        new ChunkDelta.ToolCallDelta(state.nextToolIndex++, call.id(), call.name(), call.arguments()));
                if (out.neutral()) {
                    out.delta(delta); // the signature travels in the call's id
                    continue;
                }
                ObjectNode chunk = OpenAiFormat.chunk(meta, delta);
                GeminiResponses.withSignatures(chunk.path("choices").path(0).path("delta").path("tool_calls"));
                out.chunk(chunk, true);
            } else if (!text.isEmpty() && GeminiResponses.isThought(part)) {
                out.delta(ChunkDelta.reasoning(index, text));
            } else if (!text.isEmpty()) {
                ChunkDelta delta = ChunkDelta.content(index, text);
                if (logprobs == null || out.neutral()) {
                    out.delta(delta);
                } else {
                    ObjectNode chunk = OpenAiFormat.chunk(meta, delta);
                    ((ObjectNode) chunk.path("choices").path(0)).set("logprobs", logprobs);
                    out.chunk(chunk, true);
                    logprobs = null;
                }
            }
        }
        String reason = c.path("finishReason").asText("");
        // empty or the enum's default value: not stopped yet (Vertex AI's Candidate.FinishReason,
        // https://docs.cloud.google.com/ruby/docs/reference/google-cloud-ai_platform-v1/0.56.0/Google-Cloud-AIPlatform-V1-Candidate-FinishReason)
        if (!reason.isEmpty() && !reason.equals("FINISH_REASON_UNSPECIFIED") && !state.finished) {
            state.finished = true;
            lastFinish = events;
            out.delta(ChunkDelta.finish(index, GeminiFinishReasons.map(reason, state.hasToolCalls)));
        }
    }

    @Override
    public void onEnd(ChunkSink out) {
        boolean finished = blocked || !candidates.isEmpty()
                && candidates.values().stream().allMatch(s -> s.finished);
        if (!finished || lastUsage < lastFinish) {
            throw UpstreamException.badGateway(provider, "upstream_stream_truncated",
                    "Provider '" + provider + "' ended the stream before it was complete", null);
        }
    }
}
