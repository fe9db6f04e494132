package io.opengateway.front.responses;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.FrontFormat;
import io.opengateway.edge.ErrorResponder;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.GatewayException;
import io.opengateway.front.responses.store.ResponseStore;
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
 * Unless the request says {@code store: false}, the response is kept ({@link ResponseStore}) with the
 * whole input it was made from before the client has it (before a stream's last event), so the id
 * the client gets can be continued from at once.
 */
@Component("responsesFront")
public class ResponsesFront implements FrontFormat {

    private static final Logger LOG = LoggerFactory.getLogger(ResponsesFront.class);

    private final ObjectMapper json;
    private final ErrorResponder errors;
    private final ResponseStore store;

    public ResponsesFront(ObjectMapper json, ErrorResponder errors, ResponseStore store) {
        this.json = json;
        this.errors = errors;
        this.store = store;
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.RESPONSES;
    }

    @Override
    public byte[] answer(ChatCompletion completion, RequestContext ctx, ModelTarget target) {
        ObjectNode response = ResponsesOutput.response(completion, ResponsesOptions.of(ctx, target));
        keeper(ctx).accept(response);
        return bytes(response);
    }

    @Override
    public SseRelay relay(UpstreamBody body, RequestContext ctx, StreamTranslator translator) {
        return new ResponsesStreamWriter(body, ctx, translator, json, ResponsesOptions.of(ctx, ctx.attempt().target()),
                keeper(ctx));
    }

    /**
     * What keeps a finished response: the store, with the request's whole input, unless it said
     * {@code store: false}. A store that fails is logged and the answer still goes out: the client
     * has its answer, only continuing from its id fails (OpenAI's 400 previous_response_not_found).
     */
    private Consumer<ObjectNode> keeper(RequestContext ctx) {
        if (!ctx.request().nativeRequest().body().path("store").asBoolean(true)) {
            return response -> { };
        }
        String account = ctx.request().apiKey().account();
        return response -> {
            try {
                store.save(account, response, ctx.request().nativeRequest().conversation());
            } catch (RuntimeException e) {
                LOG.warn("Could not store response {}: {}", response.path("id").asText(), e.getMessage());
            }
        };
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
