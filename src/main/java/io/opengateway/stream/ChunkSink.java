package io.opengateway.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.ChunkDelta;
import io.opengateway.model.Usage;

/** Where a {@link StreamTranslator} puts what it translated. */
public interface ChunkSink {

    /** A neutral delta, written as a {@code chat.completion.chunk} by the edge format. */
    void delta(ChunkDelta delta);

    /**
     * Whether this sink takes neutral deltas only: a front end other than Chat Completions, to which
     * a dialect cannot pass its OpenAI chunks on as they are.
     */
    default boolean neutral() {
        return false;
    }

    /** A chunk already in OpenAI's shape (the OpenAI dialect passes chunks on as they are). */
    void chunk(ObjectNode chunk, boolean hasContent);

    /**
     * The usage as reported so far. Providers report cumulative counts: each call replaces the
     * last. {@code usageChunk}, when not null, is the provider's own OpenAI usage chunk to pass on.
     */
    void usage(Usage usage, ObjectNode usageChunk);

    /** The provider's model snapshot name, once known. */
    void upstreamModel(String name);
}
