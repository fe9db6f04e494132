package io.opengateway.stream;

import io.opengateway.error.UpstreamException;

/**
 * Translates one provider's stream, event by event, into OpenAI chunks. One instance per stream.
 * Implementations throw {@link UpstreamException} for an error event; the relay decides whether
 * that still allows a fallback (nothing sent yet) or ends the stream with an error event.
 */
public interface StreamTranslator {

    /** Translates one upstream event. Returns false when the event ends the stream (e.g. {@code [DONE]}). */
    boolean onEvent(SseEvent event, ChunkSink out) throws UpstreamException;

    /**
     * The upstream stream is over (its end event or EOF). Emit what is still owed (the finish
     * chunk); throw when the stream ended before it was complete.
     */
    void onEnd(ChunkSink out) throws UpstreamException;
}
