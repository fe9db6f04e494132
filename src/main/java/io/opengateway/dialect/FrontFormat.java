package io.opengateway.dialect;

import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * A front-end dialect other than Chat Completions (whose format the dialects write themselves):
 * writes a provider's neutral answer, and the neutral deltas of its stream, in the front end's own
 * format. Found by Spring; a dialect never imports a front end.
 */
public interface FrontFormat {

    /** Whether this front end answers the requests of an endpoint. */
    boolean serves(Endpoint endpoint);

    /** A whole answer, as the bytes of the response body. */
    byte[] answer(ChatCompletion completion, RequestContext ctx, ModelTarget target);

    /** The relay that writes the translator's neutral deltas as this front end's stream events. */
    SseRelay relay(UpstreamBody body, RequestContext ctx, StreamTranslator translator);

    /** A token count ({@code count_tokens}), as the bytes of the response body. */
    byte[] tokenCount(long inputTokens);
}
