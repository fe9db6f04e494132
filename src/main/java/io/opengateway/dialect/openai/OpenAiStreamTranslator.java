package io.opengateway.dialect.openai;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.Usage;
import io.opengateway.stream.ChunkSink;
import io.opengateway.stream.SseEvent;
import io.opengateway.stream.StreamTranslator;

/**
 * OpenAI chunks are passed on as they are, with the catalog model ID. The usage chunk (always
 * requested upstream) is held back for the relay, which sends it only to clients that asked.
 */
final class OpenAiStreamTranslator implements StreamTranslator {

    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private final String provider;
    private final String model;
    private final boolean clientWantsUsage;
    private boolean finished;
    private boolean done;

    OpenAiStreamTranslator(ObjectMapper json, UpstreamErrors errors, String provider, String model,
            boolean clientWantsUsage) {
        this.json = json;
        this.errors = errors;
        this.provider = provider;
        this.model = model;
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink out) {
        String data = event.data();
        if ("[DONE]".equals(data.trim())) {
            done = true;
            return false;
        }
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (IOException e) {
            throw errors.malformed(provider, "a stream event that is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw errors.malformed(provider, "a stream event that is not a JSON object");
        }
        ObjectNode chunk = (ObjectNode) node;
        JsonNode err = chunk.get("error");
        if (err != null && err.isObject()) {
            throw errors.streamError(provider, err.path("type").asText(null), err.path("message").asText(null));
        }
        if (chunk.hasNonNull("model")) {
            out.upstreamModel(chunk.get("model").asText());
        }
        chunk.put("model", model);
        JsonNode choices = chunk.path("choices");
        Usage usage = OpenAiUsage.chat(chunk);
        if (choices.isArray() && choices.isEmpty() && usage != null) {
            out.usage(usage, chunk);
            return true;
        }
        if (usage != null) {
            out.usage(usage, null);
        }
        if (!clientWantsUsage) {
            chunk.remove("usage");
        }
        boolean content = false;
        for (JsonNode c : choices) {
            JsonNode delta = c.path("delta");
            if (c.hasNonNull("finish_reason")) {
                finished = true;
                content = true;
            }
            if (delta.hasNonNull("content") && !delta.get("content").asText().isEmpty()
                    || delta.has("tool_calls") || delta.hasNonNull("refusal")
                    || delta.hasNonNull("reasoning_content")) {
                content = true;
            }
        }
        if (out.neutral()) {
            OpenAiCompletions.deltas(chunk).forEach(out::delta);
        } else {
            out.chunk(chunk, content);
        }
        return true;
    }

    /**
     * Complete only with both of its ends: a chunk with {@code finish_reason}, and {@code [DONE]},
     * which follows the usage chunk. A stream cut between the two still lacks its usage.
     */
    @Override
    public void onEnd(ChunkSink out) {
        if (!finished || !done) {
            throw UpstreamException.badGateway(provider, "upstream_stream_truncated",
                    "Provider '" + provider + "' ended the stream before it was complete", null);
        }
    }
}
