package io.opengateway.stream;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.GatewayException;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.Usage;
import io.opengateway.routing.RequestContext;

/**
 * A Chat Completions stream: each translated chunk goes out as {@code data: <chunk>}; at the end
 * the usage chunk (only when the client asked for {@code include_usage}) and {@code data: [DONE]}.
 */
public final class ChatStreamRelay extends SseRelay implements ChunkSink {

    private static final byte[] DONE = sse(null, "[DONE]".getBytes(StandardCharsets.UTF_8));

    private final StreamTranslator translator;
    private final ObjectMapper json;
    private final OpenAiFormat.ChunkMeta meta;
    private final boolean includeUsage;
    private ObjectNode usageChunk;

    public ChatStreamRelay(UpstreamBody upstream, RequestContext ctx, StreamTranslator translator,
            ObjectMapper json, OpenAiFormat.ChunkMeta meta, boolean includeUsage) {
        super(upstream, ctx);
        this.translator = translator;
        this.json = json;
        this.meta = meta;
        this.includeUsage = includeUsage;
    }

    @Override
    protected boolean onEvent(SseEvent event) {
        return translator.onEvent(event, this);
    }

    @Override
    protected void onEnd() {
        translator.onEnd(this);
        if (includeUsage) {
            Usage u = ctx.attempt().usage();
            ObjectNode chunk = usageChunk != null ? usageChunk
                    : OpenAiFormat.usageChunk(meta, u == null ? Usage.NONE : u);
            emit(sse(null, bytes(chunk)), false);
        }
        emit(DONE, false);
    }

    @Override
    protected byte[] errorEvent(GatewayException e) {
        return sse(null, bytes(OpenAiFormat.error(e)));
    }

    @Override
    public void delta(ChunkDelta delta) {
        emit(sse(null, bytes(OpenAiFormat.chunk(meta, delta))), delta.hasContent());
    }

    @Override
    public void chunk(ObjectNode chunk, boolean hasContent) {
        emit(sse(null, bytes(chunk)), hasContent);
    }

    @Override
    public void usage(Usage usage, ObjectNode providerUsageChunk) {
        ctx.attempt().usage(usage);
        if (providerUsageChunk != null) {
            this.usageChunk = providerUsageChunk;
        }
    }

    @Override
    public void upstreamModel(String name) {
        ctx.attempt().upstreamModel(name);
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chunk", e);
        }
    }
}
