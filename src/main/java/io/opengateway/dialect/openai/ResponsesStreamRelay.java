package io.opengateway.dialect.openai;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.GatewayException;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseEvent;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.UpstreamBody;

/**
 * A Responses API stream, passed through event by event. Lifecycle events that carry the whole
 * response get the catalog model ID; the terminal one gives the usage. The stream has no
 * {@code [DONE]}: it ends after {@code response.completed} (or failed / incomplete).
 */
final class ResponsesStreamRelay extends SseRelay {

    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private boolean terminal;

    ResponsesStreamRelay(UpstreamBody upstream, RequestContext ctx, ObjectMapper json, UpstreamErrors errors) {
        super(upstream, ctx);
        this.json = json;
        this.errors = errors;
    }

    @Override
    protected boolean onEvent(SseEvent event) {
        String type = event.event();
        JsonNode data = parse(event.data());
        if (type == null) {
            type = data.path("type").asText("");
        }
        if (type.equals("error")) {
            throw errors.streamError(ctx.attempt().target().provider(), data.path("code").asText(null),
                    data.path("message").asText(null));
        }
        JsonNode response = data.get("response");
        if (response instanceof ObjectNode r) {
            if (r.hasNonNull("model")) {
                ctx.attempt().upstreamModel(r.get("model").asText());
            }
            r.put("model", ctx.attempt().target().model().id());
            if (r.hasNonNull("usage")) {
                ctx.attempt().usage(OpenAiUsage.responses(r));
            }
            // a failed response's error is passed on as sent, and its message may quote our key
            errors.redactMessage(r.get("error"));
        }
        terminal = type.equals("response.completed") || type.equals("response.failed")
                || type.equals("response.incomplete");
        boolean content = !type.equals("response.created") && !type.equals("response.in_progress");
        emit(sse(event.event(), bytes(data)), content);
        return true;
    }

    @Override
    protected void onEnd() {
        if (!terminal) {
            throw errors.malformed(ctx.attempt().target().provider(),
                    "a Responses stream that ended before its last event");
        }
    }

    @Override
    protected byte[] errorEvent(GatewayException e) {
        ObjectNode err = JsonNodeFactory.instance.objectNode();
        err.put("type", "error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        err.putNull("param");
        return sse("error", bytes(err));
    }

    private JsonNode parse(String data) {
        try {
            JsonNode n = json.readTree(data);
            if (n == null || !n.isObject()) {
                throw errors.malformed(ctx.attempt().target().provider(), "a stream event that is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw errors.malformed(ctx.attempt().target().provider(), "a stream event that is not valid JSON");
        }
    }

    private byte[] bytes(JsonNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
