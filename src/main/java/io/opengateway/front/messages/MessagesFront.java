package io.opengateway.front.messages;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.FrontFormat;
import io.opengateway.error.AnthropicErrors;
import io.opengateway.edge.ErrorResponder;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * Anthropic's Messages API as a front-end dialect: answers and streams of every provider written
 * in its format (the anthropic provider's own pass through untouched, see the anthropic dialect),
 * its errors in its shape with a {@code request-id} header, as Anthropic's SDKs read them.
 */
@Component("messagesFront")
public class MessagesFront implements FrontFormat {

    private final ObjectMapper json;
    private final ErrorResponder errors;
    private final ErrorResponder.Shape shape = new ErrorResponder.Shape() {
        @Override
        public int status(GatewayException e) {
            return AnthropicErrors.status(e);
        }

        @Override
        public JsonNode body(GatewayException e) {
            ObjectNode body = AnthropicErrors.body(e);
            ((ObjectNode) body.get("error")).put("message", MessagesFieldNames.message(e));
            return body;
        }
    };

    public MessagesFront(ObjectMapper json, ErrorResponder errors) {
        this.json = json;
        this.errors = errors;
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.MESSAGES || endpoint == Endpoint.COUNT_TOKENS;
    }

    @Override
    public byte[] answer(ChatCompletion completion, RequestContext ctx, ModelTarget target) {
        return bytes(MessagesFormat.message(completion, messageId(ctx), target.model().id(), json));
    }

    @Override
    public SseRelay relay(UpstreamBody body, RequestContext ctx, StreamTranslator translator) {
        return new MessagesStreamRelay(body, ctx, translator, json, messageId(ctx),
                ctx.attempt().target().model().id());
    }

    @Override
    public byte[] tokenCount(long inputTokens) {
        return bytes(json.createObjectNode().put("input_tokens", inputTokens));
    }

    /** The error handler of the Messages routes: Anthropic's error shape and statuses. */
    public void error(Exchange exchange) {
        errors.respondIn(exchange, shape);
        requestId(exchange);
    }

    /** Anthropic's SDKs read the request id from {@code request-id}; the gateway's x-request-id stays. */
    public void requestId(Exchange exchange) {
        RequestContext ctx = RequestContext.find(exchange);
        if (ctx != null) {
            exchange.getMessage().setHeader("request-id", ctx.request().requestId());
        }
    }

    private static String messageId(RequestContext ctx) {
        return "msg_" + ctx.request().requestId();
    }

    private byte[] bytes(JsonNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the answer", e);
        }
    }
}
