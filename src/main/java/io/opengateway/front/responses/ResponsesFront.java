package io.opengateway.front.responses;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.FrontFormat;
import io.opengateway.edge.ErrorResponder;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * OpenAI's Responses API as a front-end dialect: the answers and streams of every provider but
 * OpenAI written as a {@code response} and its typed events (OpenAI's own pass through untouched,
 * see the openai dialect); errors in OpenAI's shape, with the fields named as the client sent them.
 */
@Component("responsesFront")
public class ResponsesFront implements FrontFormat {

    private final ObjectMapper json;
    private final ErrorResponder errors;

    public ResponsesFront(ObjectMapper json, ErrorResponder errors) {
        this.json = json;
        this.errors = errors;
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.RESPONSES;
    }

    @Override
    public byte[] answer(ChatCompletion completion, RequestContext ctx, ModelTarget target) {
        return bytes(ResponsesOutput.response(completion, ResponsesOptions.of(ctx, target)));
    }

    @Override
    public SseRelay relay(UpstreamBody body, RequestContext ctx, StreamTranslator translator) {
        return new ResponsesStreamWriter(body, ctx, translator, json, ResponsesOptions.of(ctx, ctx.attempt().target()));
    }

    @Override
    public byte[] tokenCount(long inputTokens) {
        throw new UnsupportedOperationException("the Responses front end counts no tokens");
    }

    /** The error handler of the Responses route: OpenAI's shape, the fields as the client named them. */
    public void error(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<String> paths = exchange.getProperty(ResponsesRequestParser.PATHS, List.class);
        errors.respondIn(exchange, new ErrorResponder.Shape() {
            @Override
            public int status(GatewayException e) {
                return e.status();
            }

            @Override
            public JsonNode body(GatewayException e) {
                ObjectNode body = OpenAiFormat.error(e);
                ObjectNode err = (ObjectNode) body.get("error");
                if (e.status() == 400) {
                    err.put("message", ResponsesFieldNames.rename(e.getMessage(), paths));
                    err.put("param", ResponsesFieldNames.rename(e.param(), paths));
                }
                return body;
            }
        });
    }

    private byte[] bytes(JsonNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the answer", e);
        }
    }
}
