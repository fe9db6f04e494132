package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.ResponseMapper;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * OpenAI answers pass through with the catalog model ID; usage is read for billing. A chat request
 * that went upstream as a Responses request ({@link OpenAiReasoning#needsResponses}) is answered
 * as a chat completion or chunk stream written by the gateway from the response.
 */
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
        if (bridged(ctx, target)) {
            return OpenAiFormat.completion(served(ctx, bridgedAnswer(target, body)), meta(ctx, target));
        }
        boolean responses = OpenAiRequestMapper.passThrough(ctx);
        if (responses ? !body.has("output") : !body.path("choices").isArray()) {
            throw errors.malformed(target.provider(), responses ? "a response without 'output'"
                    : "a chat completion without 'choices'");
        }
        ObjectNode out = (ObjectNode) body;
        if (out.hasNonNull("model")) {
            ctx.attempt().upstreamModel(out.get("model").asText());
        }
        out.put("model", target.model().id());
        if (responses) {
            errors.redactMessage(out.get("error")); // a failed response, passed on as sent
        }
        ctx.attempt().usage(responses ? OpenAiUsage.responses(out) : OpenAiUsage.chat(out));
        return out;
    }

    @Override
    protected ChatCompletion neutral(RequestContext ctx, ModelTarget target, JsonNode body) {
        if (bridged(ctx, target)) {
            return served(ctx, bridgedAnswer(target, body));
        }
        ChatCompletion c = OpenAiCompletions.read(body);
        if (c == null) {
            throw errors.malformed(target.provider(), "a chat completion without 'choices'");
        }
        return served(ctx, c);
    }

    /** A Responses request to OpenAI itself: the response goes back as OpenAI wrote it. */
    @Override
    protected byte[] answer(RequestContext ctx, ModelTarget target, JsonNode body) throws java.io.IOException {
        return OpenAiRequestMapper.passThrough(ctx) ? json.writeValueAsBytes(completion(ctx, target, body))
                : super.answer(ctx, target, body);
    }

    @Override
    protected SseRelay streamRelay(RequestContext ctx, ModelTarget target, UpstreamBody body) {
        return OpenAiRequestMapper.passThrough(ctx) ? new ResponsesStreamRelay(body, ctx, json, errors)
                : super.streamRelay(ctx, target, body);
    }

    @Override
    protected StreamTranslator translator(RequestContext ctx, ModelTarget target) {
        if (bridged(ctx, target)) {
            return new ResponsesChatStream(json, errors, target.provider());
        }
        return new OpenAiStreamTranslator(json, errors, target.provider(), target.model().id(),
                ctx.request().chat().includeUsage());
    }

    /** Whether this chat request went upstream as a Responses request (the request mapper's same rule). */
    private static boolean bridged(RequestContext ctx, ModelTarget target) {
        return !OpenAiRequestMapper.passThrough(ctx) && ctx.request().chat() != null
                && OpenAiReasoning.needsResponses(ctx.request().chat(), target.model());
    }

    /** A Responses answer to a chat request, in neutral form; a failed response is the provider's error. */
    private ChatCompletion bridgedAnswer(ModelTarget target, JsonNode body) {
        if (body.path("status").asText().equals("failed")) {
            JsonNode e = body.path("error");
            throw errors.streamError(target.provider(), e.path("code").asText(null), e.path("message").asText(null));
        }
        ChatCompletion c = ResponsesReader.read(body);
        if (c == null) {
            throw errors.malformed(target.provider(), "a response without 'output'");
        }
        return c;
    }
}
