package io.opengateway.dialect.anthropic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.AnthropicErrors;
import io.opengateway.error.GatewayException;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseEvent;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.UpstreamBody;

/**
 * An Anthropic Messages stream to an Anthropic Messages client: every event goes out as Anthropic
 * sent it, byte for byte in its data. Only the events that carry usage ({@code message_start},
 * {@code message_delta}) or an error are parsed. The stream is complete only with
 * {@code message_stop}.
 */
final class AnthropicPassThroughRelay extends SseRelay {

    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private ObjectNode usage;
    private boolean stopped;

    AnthropicPassThroughRelay(UpstreamBody upstream, RequestContext ctx, ObjectMapper json, UpstreamErrors errors) {
        super(upstream, ctx);
        this.json = json;
        this.errors = errors;
    }

    @Override
    protected boolean onEvent(SseEvent event) {
        String type = event.event() != null ? event.event() : parse(event.data()).path("type").asText("");
        switch (type) {
            case "message_start" -> {
                JsonNode message = parse(event.data()).path("message");
                if (message.hasNonNull("model")) {
                    ctx.attempt().upstreamModel(message.get("model").asText());
                }
                usage(message.get("usage"));
            }
            case "message_delta" -> usage(parse(event.data()).get("usage"));
            case "error" -> {
                JsonNode e = parse(event.data()).path("error");
                throw errors.streamError(ctx.attempt().target().provider(), e.path("type").asText(null),
                        e.path("message").asText(null));
            }
            case "message_stop" -> stopped = true;
            default -> {
                // content events, ping, and kinds added after this code: passed on unread
            }
        }
        boolean content = !type.equals("message_start") && !type.equals("ping");
        emit(sse(type, event.data().getBytes(StandardCharsets.UTF_8)), content);
        return !stopped;
    }

    @Override
    protected void onEnd() {
        if (!stopped) {
            throw errors.malformed(ctx.attempt().target().provider(), "a stream that ended before 'message_stop'");
        }
    }

    @Override
    protected byte[] errorEvent(GatewayException e) {
        return sse("error", bytes(AnthropicErrors.body(e)));
    }

    private void usage(JsonNode reported) {
        if (reported != null && reported.isObject()) {
            usage = AnthropicUsage.merge(usage, reported);
            ctx.attempt().usage(AnthropicUsage.read(usage));
        }
    }

    private JsonNode parse(String data) {
        return errors.eventObject(json, ctx.attempt().target().provider(), data);
    }

    private byte[] bytes(JsonNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
