package io.opengateway.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.Usage;
import io.opengateway.routing.RequestContext;

/**
 * A relay of a front end other than Chat Completions: it takes the translator's neutral deltas
 * only (never a dialect's OpenAI chunks) and writes them as its own events; usage and the model
 * snapshot go to the attempt record, as for every stream.
 */
public abstract class NeutralSseRelay extends SseRelay implements ChunkSink {

    protected final StreamTranslator translator;

    protected NeutralSseRelay(UpstreamBody upstream, RequestContext ctx, StreamTranslator translator) {
        super(upstream, ctx);
        this.translator = translator;
    }

    @Override
    protected boolean onEvent(SseEvent event) {
        return translator.onEvent(event, this);
    }

    @Override
    public final boolean neutral() {
        return true;
    }

    @Override
    public final void chunk(ObjectNode chunk, boolean hasContent) {
        // only a Chat Completions sink takes OpenAI chunks; neutral() asks every dialect for deltas
    }

    @Override
    public final void usage(Usage usage, ObjectNode usageChunk) {
        ctx.attempt().usage(usage);
    }

    @Override
    public final void upstreamModel(String name) {
        ctx.attempt().upstreamModel(name);
    }
}
