package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.ResponseMapper;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/** OpenAI answers pass through with the catalog model ID; usage is read for billing. */
@Component("openaiResponseMapper")
public class OpenAiResponseMapper extends ResponseMapper {

    public OpenAiResponseMapper(ObjectMapper json, UpstreamErrors errors) {
        super(json, errors);
    }

    @Override
    protected UpstreamException error(ModelTarget target, int status, String retryAfter, byte[] body) {
        return errorObject(target, status, retryAfter, body, "code", "type");
    }

    @Override
    protected JsonNode completion(RequestContext ctx, ModelTarget target, JsonNode body) {
        boolean responses = ctx.endpoint() == Endpoint.RESPONSES;
        if (responses ? !body.has("output") : !body.path("choices").isArray()) {
            throw errors.malformed(target.provider(), responses ? "a response without 'output'"
                    : "a chat completion without 'choices'");
        }
        ObjectNode out = (ObjectNode) body;
        if (out.hasNonNull("model")) {
            ctx.upstreamModel(out.get("model").asText());
        }
        out.put("model", target.model().id());
        if (responses) {
            errors.redactMessage(out.get("error")); // a failed response, passed on as sent
        }
        ctx.usage(responses ? OpenAiUsage.responses(out) : OpenAiUsage.chat(out));
        return out;
    }

    @Override
    protected ChatCompletion neutral(RequestContext ctx, ModelTarget target, JsonNode body) {
        ChatCompletion c = OpenAiCompletions.read(body);
        if (c == null) {
            throw errors.malformed(target.provider(), "a chat completion without 'choices'");
        }
        return served(ctx, c);
    }

    @Override
    protected boolean streaming(RequestContext ctx) {
        return ctx.endpoint() == Endpoint.RESPONSES ? ctx.responsesBody().path("stream").asBoolean(false)
                : super.streaming(ctx);
    }

    @Override
    protected StreamTranslator translator(RequestContext ctx, ModelTarget target) {
        return new OpenAiStreamTranslator(json, errors, target.provider(), target.model().id(),
                ctx.chat().includeUsage());
    }

    @Override
    protected SseRelay relay(RequestContext ctx, ModelTarget target, UpstreamBody body) {
        return ctx.endpoint() == Endpoint.RESPONSES ? new ResponsesStreamRelay(body, ctx, json, errors)
                : super.relay(ctx, target, body);
    }
}
